package vntext

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký khai sinh":         "dang ky khai sinh",
		"  Phường  Ba Đình ":        "phuong ba dinh",
		"Huyện Ứng Hòa":             "huyen ung hoa",
		"Xã Đông Anh":               "xa dong anh",
		"Nghỉ bù Giỗ Tổ Hùng Vương": "nghi bu gio to hung vuong",
		"Ho\u0300a":                 "hoa", // decomposed input folds the same
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
