package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/vntext"
)

// Portal accounts (tài khoản Cổng dịch vụ công) that own the generated online dossiers, as "Hồ sơ
// của tôi" lists them. Most online dossiers belong to an account; the rest came through another
// portal. Most accounts own one dossier (a person registers to submit it), some two to five
// (mid-sized pool: each owned dossier picks one at random, about 3.5 each), and a few own many:
// businesses for the procedures of businesses and construction, and frequent users, about 50 to
// 200 dossiers each over two years. The applicant of an owned dossier is the account's person or
// business, as the portal fills it in from the profile.
//
// The accounts are made so that no one can use them by mistake: the email (their only contact) is
// under example.invalid, a name reserved never to exist (RFC 2606), so no registration with it
// can be confirmed and no message reaches anyone; the password hash is empty, the stored mark of
// an account without a password, which no password signs into (as for accounts made through an
// identity provider). Contacts are unique: the local part ends with the account's id (pool
// accounts, "tk…") or with the id of the dossier it was made for (the others, "hs…").
const (
	pOwned         = 0.85 // online dossiers owned by a generated account
	pBusinessOwner = 0.6  // owned dossiers of a business field that belong to a business
	pFrequent      = 0.05 // owned dossiers of people that belong to a frequent user
	pMid           = 0.30 // owned dossiers of people that belong to an account with a few
	meanMid        = 3.5  // dossiers per account of the mid-sized pool
	meanFrequent   = 125  // dossiers per business or frequent user, spread 50 to 200 by weights 0.5 to 2

	accountDomain = "@example.invalid"
)

// businessFields are the fields (lĩnh vực) whose online dossiers businesses submit.
var businessFields = map[string]bool{"Thành lập và hoạt động của doanh nghiệp": true, "Hoạt động xây dựng": true}

// account is a pool account with what its dossiers say of their applicant.
type account struct {
	citizen.Account
	address string
	weight  float64 // relative share of its pool's dossiers
}

// owners are the pools of accounts owning several dossiers, made before the dossiers.
type owners struct {
	businesses, frequent, mid []*account
	// cumulative weights of businesses and frequent, for weighted picks
	bizCum, freqCum []float64
}

// all returns every pool account, in id order.
func (o *owners) all() []*account {
	return slices.Concat(o.businesses, o.frequent, o.mid)
}

// expectOnline estimates how many of the dossiers will be online and of a business field
// (business) or not (other), from the same plan of each day the builders draw from.
func (w *world) expectOnline(days []genDay, counts []int) (business, other float64) {
	for i, gd := range days {
		if counts[i] == 0 {
			continue
		}
		_, verByLevel, shares := w.dayPlan(gd.date)
		var sum float64
		for _, s := range shares {
			sum += s
		}
		for li, l := range levels {
			if shares[li] == 0 {
				continue
			}
			var all, biz, oth float64
			for _, v := range verByLevel[l] {
				all += v.weight
				switch {
				case v.OnlineLevel == catalog.OnlineNone:
				case businessFields[v.Field]:
					biz += v.weight
				default:
					oth += v.weight
				}
			}
			f := float64(counts[i]) * onlineShare(i) * shares[li] / sum / all
			business += f * biz
			other += f * oth
		}
	}
	return business, other
}

// poolSize is how many accounts of a pool share about dossiers at about mean each: none for a
// share too small to give one account a fifth of its mean.
func poolSize(dossiers, mean float64) int {
	n := int(math.Round(dossiers / mean))
	if n == 0 && dossiers >= mean/5 {
		n = 1
	}
	return n
}

// makeOwners makes the pools for days and counts, with ids from first, deterministic from the seed.
// The accounts were registered during the year before from.
func (w *world) makeOwners(seed uint64, days []genDay, counts []int, first int64) *owners {
	business, other := w.expectOnline(days, counts)
	people := (business*(1-pBusinessOwner) + other) * pOwned
	o := &owners{}
	k := int64(0)
	from := days[0].date
	next := func() (*rand.Rand, *account) {
		r := unitRand(seed, 3_000_000+k)
		a := &account{Account: citizen.Account{ID: first + k}, weight: 0.5 + 1.5*r.Float64()}
		a.CreatedAt = time.Date(from.Year, from.Month, from.Day, 7+r.IntN(15), r.IntN(60), r.IntN(60), 0, vietnam).AddDate(0, 0, -1-r.IntN(365))
		k++
		return r, a
	}
	for range poolSize(business*pOwned*pBusinessOwner, meanFrequent) {
		r, a := next()
		a.Kind = citizen.Business
		brand := brands[r.IntN(len(brands))]
		a.FullName = companyForms[r.IntN(len(companyForms))] + " " + trades[r.IntN(len(trades))] + " " + brand
		a.TaxCode = taxCode(r)
		a.Representative = newPerson(r).name
		a.Email = contact(brand, fmt.Sprintf("tk%d", a.ID))
		a.address = fmt.Sprintf("Số %d, %s, Hà Nội", 1+r.IntN(300), streets[r.IntN(len(streets))])
		o.businesses = append(o.businesses, a)
	}
	person := func() *account {
		r, a := next()
		p := newPerson(r)
		a.Kind, a.FullName, a.PersonalID, a.BirthDate = citizen.Person, p.name, p.id, p.birth
		a.Email = contact(p.name, fmt.Sprintf("tk%d", a.ID))
		a.address = fmt.Sprintf("Số %d, ngõ %d, %s, Hà Nội", 1+r.IntN(200), 1+r.IntN(300), streets[r.IntN(len(streets))])
		return a
	}
	for range poolSize(people*pFrequent, meanFrequent) {
		o.frequent = append(o.frequent, person())
	}
	for range poolSize(people*pMid, meanMid) {
		o.mid = append(o.mid, person())
	}
	o.bizCum, o.freqCum = cumulative(o.businesses), cumulative(o.frequent)
	return o
}

func cumulative(as []*account) []float64 {
	out := make([]float64, len(as))
	var sum float64
	for i, a := range as {
		sum += a.weight
		out[i] = sum
	}
	return out
}

// pickWeighted draws one of as by weight, with cum their cumulative weights.
func pickWeighted(r *rand.Rand, as []*account, cum []float64) *account {
	i, _ := slices.BinarySearch(cum, r.Float64()*cum[len(cum)-1])
	return as[min(i, len(as)-1)]
}

// ownerOf draws who owns an online dossier of version v: a pool account, or nil when the dossier
// gets an account of its own (owned) or none (!owned).
func (b *builder) ownerOf(v *version) (a *account, owned bool) {
	r, o := b.r, b.w.owners
	if r.Float64() >= pOwned {
		return nil, false
	}
	if businessFields[v.Field] && len(o.businesses) > 0 && r.Float64() < pBusinessOwner {
		return pickWeighted(r, o.businesses, o.bizCum), true
	}
	switch x := r.Float64(); {
	case x < pFrequent && len(o.frequent) > 0:
		return pickWeighted(r, o.frequent, o.freqCum), true
	case x < pFrequent+pMid && len(o.mid) > 0:
		return o.mid[r.IntN(len(o.mid))], true
	}
	return nil, true
}

// fill makes a the applicant of d, as the portal does from the account's profile.
func (a *account) fill(d *store.DossierRow) {
	d.SubjectKind = a.Kind.SubjectKind()
	d.ApplicantName, d.ApplicantIDNumber, d.ApplicantBirthDate = a.FullName, a.IDNumber(), a.BirthDate
	d.ApplicantAddress, d.ApplicantPhone, d.ApplicantEmail = a.address, "", a.Email
}

// contact is a generated account's email: the name folded to ASCII letters, a dot, the tag.
func contact(name, tag string) string {
	return strings.ReplaceAll(vntext.Fold(name), " ", "") + "." + tag + accountDomain
}

// taxCode is a Hà Nội enterprise tax code (01…) with a valid check digit (domain-vn §12.2).
func taxCode(r *rand.Rand) string {
	for {
		base := fmt.Sprintf("01%07d", r.IntN(10_000_000))
		if digit, ok := ident.TaxCodeCheckDigit(base, false); ok {
			return base + string(rune('0'+digit))
		}
	}
}

// Business names: a legal form, a trade and an invented name.
var (
	companyForms = []string{"Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"}
	trades       = []string{"Thương mại và Dịch vụ", "Xây dựng", "Đầu tư và Phát triển", "Tư vấn Thiết kế", "Kỹ thuật", "Dịch vụ Pháp lý", "Xây dựng và Nội thất", "Thương mại"}
	brands       = []string{"Minh Phát", "Hưng Thịnh", "An Khang", "Thành Công", "Phú Gia", "Đại Việt", "Hoàng Long", "Sông Hồng", "Thăng Long", "Tân Á", "Việt Hưng", "Bình Minh", "Trường Sơn", "Hồng Hà", "Kim Ngân", "Đông Đô"}
)

// person is an invented Vietnamese person: name, birth date and a personal ID number of someone
// born in Hà Nội (province code 001) consistent with the birth year and sex (domain-vn §12.1).
type person struct {
	name  string
	birth time.Time
	id    string
}

func newPerson(r *rand.Rand) person {
	female := r.IntN(2) == 0
	name := familyNames[r.IntN(len(familyNames))] + " "
	if female {
		name += femMiddle[r.IntN(len(femMiddle))] + " " + femGiven[r.IntN(len(femGiven))]
	} else {
		name += maleMiddle[r.IntN(len(maleMiddle))] + " " + maleGiven[r.IntN(len(maleGiven))]
	}
	year := 1950 + r.IntN(56)
	birth := time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	g := 0 // century and sex digit: 0/1 for the 1900s, 2/3 for the 2000s
	if year >= 2000 {
		g = 2
	}
	if female {
		g++
	}
	id := make([]byte, 0, 12)
	id = append(id, "001"...)
	id = append(id, byte('0'+g))
	id = fmt.Appendf(id, "%02d%06d", year%100, r.IntN(1_000_000))
	return person{name: name, birth: birth, id: string(id)}
}

// ownersChunk is the COPY rows of the pool accounts.
func (o *owners) chunk() *store.CopyChunk {
	c := &store.CopyChunk{}
	for _, a := range o.all() {
		c.AppendCitizen(&a.Account, "", false)
	}
	return c
}

// registeredBefore is when the account of a single dossier submitted at t was registered: a few
// minutes to two hours before.
func registeredBefore(r *rand.Rand, t time.Time) time.Time {
	return t.Add(-time.Duration(5+r.IntN(115)) * time.Minute)
}
