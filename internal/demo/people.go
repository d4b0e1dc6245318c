package demo

import (
	"context"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
)

// place names a unit of the demo city by what a reader knows of it.
type place struct {
	gso      string   // a territory by GSO code…
	on       org.Date // …in force on this day
	dept     string   // or a department by name
	division string   // and one of its divisions
	centre   bool     // the territory's one-stop desk or service centre (the city's centre for "01")
}

var (
	city         = place{gso: "01", on: reformDay}
	cityCentre   = place{gso: "01", on: reformDay, centre: true}
	oldBaDinh    = place{gso: "001", on: reformDay.AddDays(-1)}
	oldBaDinhDsk = place{gso: "001", on: reformDay.AddDays(-1), centre: true}
	// Phường Quán Thánh of Quận Ba Đình, merged whole into Phường Ba Đình on 1 July 2025.
	oldQuanThanh    = place{gso: "00013", on: reformDay.AddDays(-1)}
	oldQuanThanhDsk = place{gso: "00013", on: reformDay.AddDays(-1), centre: true}
)

func dept(name string) place                           { return place{dept: name} }
func division(d, name string) place                    { return place{dept: d, division: name} }
func commune(gso string) place                         { return place{gso: gso, on: reformDay} }
func communeCentre(gso string) place                   { return place{gso: gso, on: reformDay, centre: true} }
func person(u, n string, r org.Role, p place) official { return official{u, n, r, p} }

// official is one demo account with one role on one unit.
type official struct {
	username string
	fullName string
	role     org.Role
	at       place
}

// officials are the demo accounts: every role, at the city, six departments, four communes
// after the reform, one historic district and one historic ward. Names are invented.
func officialsList() []official {
	list := []official{
		person("admin", "Nguyễn Văn Hùng", org.RoleAdmin, city),
		person("giamsat", "Trần Thị Thu Hà", org.RoleSupervisor, city),
		person("ttpvhcc.giamdoc", "Đỗ Thị Hồng Nhung", org.RoleAgencyLeader, cityCentre),
		person("ttpvhcc.tiepnhan", "Phạm Minh Tuấn", org.RoleReception, cityCentre),

		person("stp.giamdoc", "Lê Quang Vinh", org.RoleAgencyLeader, dept("Sở Tư pháp")),
		person("stp.truongphong", "Vũ Thị Mai Anh", org.RoleDivisionLeader, division("Sở Tư pháp", "Phòng Hành chính tư pháp")),
		person("stp.chuyenvien", "Hoàng Văn Đức", org.RoleProcessing, division("Sở Tư pháp", "Phòng Hành chính tư pháp")),
		person("stp.vanthu", "Bùi Thị Ngọc Lan", org.RoleClerk, division("Sở Tư pháp", "Văn phòng Sở")),

		person("sxd.giamdoc", "Ngô Văn Thắng", org.RoleAgencyLeader, dept("Sở Xây dựng")),
		person("sxd.truongphong", "Đặng Thị Thanh Hương", org.RoleDivisionLeader, division("Sở Xây dựng", "Phòng Quản lý hoạt động xây dựng")),
		person("sxd.chuyenvien", "Phan Văn Long", org.RoleProcessing, division("Sở Xây dựng", "Phòng Quản lý hoạt động xây dựng")),
		person("sxd.vanthu", "Trịnh Thị Hoa", org.RoleClerk, division("Sở Xây dựng", "Văn phòng Sở")),

		person("syt.giamdoc", "Dương Đức Thành", org.RoleAgencyLeader, dept("Sở Y tế")),
		person("syt.chuyenvien", "Lý Thị Phương", org.RoleProcessing, division("Sở Y tế", "Phòng Nghiệp vụ Dược")),
	}
	for _, c := range []struct {
		gso, slug string
		names     [6]string // reception, processing, division leader, agency leader, clerk, admin
	}{
		{"00004", "badinh", [6]string{"Nguyễn Thị Thanh Hằng", "Trần Quốc Khánh", "Lê Thị Kim Oanh", "Phạm Văn Sơn", "Hoàng Thị Thúy", "Vũ Đình Nam"}},
		{"00070", "hoankiem", [6]string{"Đỗ Thị Lan Hương", "Bùi Văn Toàn", "Nguyễn Thị Minh Nguyệt", "Trần Văn Hải", "Lê Thị Hạnh", "Phạm Quang Huy"}},
		{"00166", "caugiay", [6]string{"Ngô Thị Bích Ngọc", "Đặng Văn Quý", "Phan Thị Thu Trang", "Nguyễn Đức Anh", "Vũ Thị Yến", "Hoàng Minh Tâm"}},
		{"00376", "socson", [6]string{"Trịnh Thị Huệ", "Lương Văn Dũng", "Nguyễn Thị Thảo", "Đinh Văn Cường", "Tạ Thị Loan", "Kiều Văn Bình"}},
	} {
		list = append(list,
			person(c.slug+".tiepnhan", c.names[0], org.RoleReception, communeCentre(c.gso)),
			person(c.slug+".chuyenvien", c.names[1], org.RoleProcessing, commune(c.gso)),
			person(c.slug+".truongphong", c.names[2], org.RoleDivisionLeader, commune(c.gso)),
			person(c.slug+".chutich", c.names[3], org.RoleAgencyLeader, commune(c.gso)),
			person(c.slug+".vanthu", c.names[4], org.RoleClerk, commune(c.gso)),
			person(c.slug+".quantri", c.names[5], org.RoleAdmin, commune(c.gso)),
		)
	}
	// Officials of the departments that take part in inter-agency (liên thông) procedures of the
	// communes: land registration and its tax step, and the residence step of a birth.
	list = append(list,
		person("snnmt.chuyenvien", "Mai Văn Hiếu", org.RoleProcessing, dept("Sở Nông nghiệp và Môi trường")),
		person("stc.chuyenvien", "Quách Thị Ngân", org.RoleProcessing, dept("Sở Tài chính")),
		person("catp.chuyenvien", "Lưu Đức Trung", org.RoleProcessing, dept("Công an thành phố Hà Nội")),
	)
	// Officials of a dissolved district and of a dissolved ward keep access to their history
	// (domain-vn §11, R11.8); the ward's dossiers from before the reform are theirs.
	return append(list,
		person("qbadinh.tiepnhan", "Nguyễn Thị Hoa Mai", org.RoleReception, oldBaDinhDsk),
		person("qbadinh.chuyenvien", "Trần Văn Tùng", org.RoleProcessing, oldBaDinh),
		person("pquanthanh.tiepnhan", "Đoàn Thị Hải Yến", org.RoleReception, oldQuanThanhDsk),
		person("pquanthanh.chuyenvien", "Hà Văn Lâm", org.RoleProcessing, oldQuanThanh),
		person("pquanthanh.chutich", "Cao Xuân Hòa", org.RoleAgencyLeader, oldQuanThanh),
		person("pquanthanh.vanthu", "Lại Thị Thu Hiền", org.RoleClerk, oldQuanThanh),
	)
}

// officials creates the demo accounts in one transaction, all with the password whose argon2id
// hash is given.
func (l *loader) officials(ctx context.Context, hash string) error {
	list := officialsList()
	cache := map[place]*org.Unit{}
	in := make([]app.NewUser, len(list))
	for i, o := range list {
		u, err := l.resolve(ctx, o.at, cache)
		if err != nil {
			return err
		}
		in[i] = app.NewUser{Username: o.username, FullName: o.fullName, UnitID: u.ID, Roles: []org.Role{o.role}}
		l.res.Accounts = append(l.res.Accounts, Account{Username: o.username, FullName: o.fullName, Role: o.role, Unit: u.Name})
	}
	_, err := l.svc.ImportUsers(ctx, in, hash)
	return err
}

// resolve finds the unit a place names.
func (l *loader) resolve(ctx context.Context, p place, cache map[place]*org.Unit) (*org.Unit, error) {
	if u := cache[p]; u != nil {
		return u, nil
	}
	var u *org.Unit
	var err error
	switch {
	case p.dept != "":
		var c *org.Unit
		if c, err = l.resolve(ctx, city, cache); err != nil {
			return nil, err
		}
		if u, err = l.child(ctx, c, org.KindDepartment, p.dept, reformDay); err == nil && p.division != "" {
			u, err = l.child(ctx, u, org.KindDivision, p.division, reformDay)
		}
	case p.centre:
		var t *org.Unit
		if t, err = l.resolve(ctx, place{gso: p.gso, on: p.on}, cache); err != nil {
			return nil, err
		}
		switch {
		case t.Kind == org.KindCity:
			u, err = l.child(ctx, t, org.KindServiceCentre, cityCentreName, p.on)
		case t.ValidFrom == reformDay:
			u, err = l.child(ctx, t, org.KindServiceCentre, "", p.on)
		default:
			u, err = l.child(ctx, t, org.KindOneStopDesk, "", p.on)
		}
	default:
		u, err = l.unit(ctx, p.gso, p.on)
	}
	if err != nil {
		return nil, err
	}
	cache[p] = u
	return u, nil
}
