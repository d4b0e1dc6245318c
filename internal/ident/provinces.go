package ident

// Province is a tỉnh, thành phố trực thuộc trung ương as coded in a personal ID: the three-digit
// code "0" + the GSO province code of the 2004 table (Quyết định 124/2004/QĐ-TTg, as amended up to
// the 63 provinces of 2008–2025), and its name.
//
// The codes never change, even after the 2025 province mergers: a personal ID is never reissued
// (domain-vn §12.1), so a Hà Tây, Hải Dương or Bình Dương birth registration keeps the code it
// was given. Names are the province names of that table.
type Province struct {
	Code string // "001" … "096"
	Name string // Vietnamese, e.g. "Hà Nội"
}

// provinceNames maps the three-digit code to the province name. 63 entries.
var provinceNames = map[string]string{
	"001": "Hà Nội",
	"002": "Hà Giang",
	"004": "Cao Bằng",
	"006": "Bắc Kạn",
	"008": "Tuyên Quang",
	"010": "Lào Cai",
	"011": "Điện Biên",
	"012": "Lai Châu",
	"014": "Sơn La",
	"015": "Yên Bái",
	"017": "Hòa Bình",
	"019": "Thái Nguyên",
	"020": "Lạng Sơn",
	"022": "Quảng Ninh",
	"024": "Bắc Giang",
	"025": "Phú Thọ",
	"026": "Vĩnh Phúc",
	"027": "Bắc Ninh",
	"030": "Hải Dương",
	"031": "Hải Phòng",
	"033": "Hưng Yên",
	"034": "Thái Bình",
	"035": "Hà Nam",
	"036": "Nam Định",
	"037": "Ninh Bình",
	"038": "Thanh Hóa",
	"040": "Nghệ An",
	"042": "Hà Tĩnh",
	"044": "Quảng Bình",
	"045": "Quảng Trị",
	"046": "Thừa Thiên Huế",
	"048": "Đà Nẵng",
	"049": "Quảng Nam",
	"051": "Quảng Ngãi",
	"052": "Bình Định",
	"054": "Phú Yên",
	"056": "Khánh Hòa",
	"058": "Ninh Thuận",
	"060": "Bình Thuận",
	"062": "Kon Tum",
	"064": "Gia Lai",
	"066": "Đắk Lắk",
	"067": "Đắk Nông",
	"068": "Lâm Đồng",
	"070": "Bình Phước",
	"072": "Tây Ninh",
	"074": "Bình Dương",
	"075": "Đồng Nai",
	"077": "Bà Rịa - Vũng Tàu",
	"079": "Thành phố Hồ Chí Minh",
	"080": "Long An",
	"082": "Tiền Giang",
	"083": "Bến Tre",
	"084": "Trà Vinh",
	"086": "Vĩnh Long",
	"087": "Đồng Tháp",
	"089": "An Giang",
	"091": "Kiên Giang",
	"092": "Cần Thơ",
	"093": "Hậu Giang",
	"094": "Sóc Trăng",
	"095": "Bạc Liêu",
	"096": "Cà Mau",
}

// LookupProvince returns the province with the three-digit code (e.g. "001"), and false for a
// code that is not one of the 63.
func LookupProvince(code string) (Province, bool) {
	name, ok := provinceNames[code]
	if !ok {
		return Province{}, false
	}
	return Province{Code: code, Name: name}, true
}

// Provinces returns the 63 provinces in code order.
func Provinces() []Province {
	out := make([]Province, 0, len(provinceNames))
	for i := 1; i <= 96; i++ {
		code := string([]byte{'0', byte('0' + i/10), byte('0' + i%10)})
		if p, ok := LookupProvince(code); ok {
			out = append(out, p)
		}
	}
	return out
}
