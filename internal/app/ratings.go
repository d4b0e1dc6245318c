package app

import (
	"context"
	"crypto/subtle"
	"strings"
	"unicode"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Satisfaction ratings (đánh giá mức độ hài lòng): once a dossier is returned, its applicant rates
// the service as satisfied, neutral or dissatisfied, with an optional comment. The applicant is the
// portal account that owns the dossier, or whoever holds the rating link emailed with the return
// (notify.go). A dossier is rated once: the rating counts in the unit's monthly figures as given,
// and a second one is refused (Conflict already_rated) rather than changing them afterwards.

// The scores.
const (
	RatingSatisfied    = 1 // hài lòng
	RatingNeutral      = 2 // bình thường
	RatingDissatisfied = 3 // không hài lòng
)

// RatingLabel is the Vietnamese name of a score.
func RatingLabel(score int) string {
	switch score {
	case RatingSatisfied:
		return "Hài lòng"
	case RatingNeutral:
		return "Bình thường"
	case RatingDissatisfied:
		return "Không hài lòng"
	}
	return ""
}

// MaxRatingComment is the longest comment, in characters.
const MaxRatingComment = 1000

// RatingInput is a rating as the applicant gives it.
type RatingInput struct {
	Score   int    `json:"score"`
	Comment string `json:"comment,omitempty"`
	// Token is the rating link's token, for a rater who is not the owner account signed in.
	Token string `json:"token,omitempty"`
}

// linkRater is the holder of a rating link, acting for the applicant.
func linkRater(d *store.DossierRow) *org.Actor {
	return &org.Actor{Username: "rating-link", FullName: d.ApplicantName}
}

// rater reads dossier code for a caller who may rate it: the signed-in portal account that owns
// it, or the holder of its rating link. Anyone else is told it does not exist.
func (s *Service) rater(ctx context.Context, tx *store.Tx, code, token string) (*store.DossierRow, int64, error) {
	d, err := tx.Dossier(ctx, code)
	if err != nil {
		return nil, 0, err
	}
	if c := CitizenFrom(ctx); c != nil && c.Account != nil && ActorFrom(ctx) == nil {
		owner, err := tx.DossierOwner(ctx, d.ID)
		if err != nil {
			return nil, 0, err
		}
		if owner == c.Account.ID {
			return d, c.Account.ID, nil
		}
	}
	if token != "" {
		h, err := tx.RatingLinkHash(ctx, d.ID)
		if err != nil {
			return nil, 0, err
		}
		if h != "" && subtle.ConstantTimeCompare([]byte(h), []byte(hashToken(token))) == 1 {
			return d, 0, nil
		}
	}
	return nil, 0, store.ErrUnknownDossier(code)
}

// RatingPage is what the rating page shows.
type RatingPage struct {
	Code, ProcedureName, ReceivingUnit string
	State                              dossier.State
	Rating                             *store.RatingRow // nil until rated
}

// DossierRating returns the dossier and its rating (nil when not yet rated) for the owner account
// or the holder of its rating link. Errors: NotFound, Invalid (malformed code).
func (s *Service) DossierRating(ctx context.Context, code, token string) (*RatingPage, error) {
	code, err := checkCode(code)
	if err != nil {
		return nil, err
	}
	out := &RatingPage{}
	err = s.read(ctx, func(tx *store.Tx) error {
		d, _, err := s.rater(ctx, tx, code, token)
		if err != nil {
			return err
		}
		u, err := tx.Unit(ctx, d.ReceivingUnitID)
		if err != nil {
			return err
		}
		out.Code, out.ProcedureName, out.ReceivingUnit, out.State = d.Code, d.ProcedureName, u.Name, d.State
		out.Rating, err = tx.Rating(ctx, d.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RateDossier records the applicant's rating of a returned dossier. Errors: NotFound (not the
// caller's dossier, or a wrong link), Invalid (invalid_score, comment_too_long, malformed code),
// Conflict (not_returned, already_rated).
func (s *Service) RateDossier(ctx context.Context, code string, in RatingInput) (*store.RatingRow, error) {
	code, err := checkCode(code)
	if err != nil {
		return nil, err
	}
	if in.Score < RatingSatisfied || in.Score > RatingDissatisfied {
		return nil, errs.Invalidf("score", "invalid_score", "Hãy chọn một mức: hài lòng, bình thường hoặc không hài lòng.",
			"Choose satisfied (1), neutral (2) or dissatisfied (3).")
	}
	in.Comment = normalizeComment(in.Comment)
	if len([]rune(in.Comment)) > MaxRatingComment {
		return nil, errs.Invalidf("comment", "comment_too_long", "Ý kiến góp ý dài quá 1000 ký tự; hãy viết ngắn gọn hơn.",
			"The comment is longer than 1000 characters.")
	}
	var who *org.Actor
	var d *store.DossierRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		d, _, err = s.rater(ctx, tx, code, in.Token)
		return err
	})
	if err != nil {
		return nil, err
	}
	if a := auditActor(ctx); a != nil {
		who = a
	} else {
		who = linkRater(d)
	}
	var out *store.RatingRow
	err = s.write(WithActor(ctx, who), func(tx *store.Tx) ([]change, error) {
		d, citizenID, err := s.rater(ctx, tx, code, in.Token)
		if err != nil {
			return nil, err
		}
		if d.State != dossier.Returned {
			return nil, errs.New(errs.Conflict, "not_returned", "Hồ sơ "+d.Code+" chưa trả kết quả ("+d.State.Label()+"); ông/bà đánh giá được sau khi nhận kết quả.",
				"The dossier has not been returned yet; rate it once the result is returned.")
		}
		now := s.clock.Now()
		out = &store.RatingRow{DossierID: d.ID, ReceivingUnitID: d.ReceivingUnitID, ReceivingUnitPath: d.ReceivingUnitPath,
			Month: now.In(vietnam).Format("2006-01"), Score: in.Score, Comment: in.Comment, CitizenID: citizenID, RatedAt: now}
		if err := tx.InsertRating(ctx, out); err != nil {
			return nil, err
		}
		// A dislike is a fact of the dossier for indicator 5.4, counted in its reception period.
		if err := s.refreshStats(ctx, tx, d, nil); err != nil {
			return nil, err
		}
		return []change{{Action: "dossier.rate", ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.ReceivingUnitPath,
			After: map[string]any{"code": d.Code, "score": in.Score, "comment": in.Comment != ""}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// normalizeComment stores a comment in NFC on one line: control characters dropped, every run of
// white space (line breaks and non-breaking spaces included) made one space.
func normalizeComment(c string) string {
	c = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, c)
	return org.NormalizeText(strings.Join(strings.Fields(c), " "))
}

// RatingSummary counts ratings by score.
type RatingSummary struct {
	Satisfied, Neutral, Dissatisfied int
}

// Total is the number of ratings.
func (r RatingSummary) Total() int { return r.Satisfied + r.Neutral + r.Dissatisfied }

// SatisfiedPercent is the share of satisfied ratings, rounded, 0 when there is none.
func (r RatingSummary) SatisfiedPercent() int {
	if r.Total() == 0 {
		return 0
	}
	return (r.Satisfied*100 + r.Total()/2) / r.Total()
}

func (r *RatingSummary) add(score, n int) {
	switch score {
	case RatingSatisfied:
		r.Satisfied += n
	case RatingNeutral:
		r.Neutral += n
	case RatingDissatisfied:
		r.Dissatisfied += n
	}
}

// UnitMonthRatings are the ratings given in one month to dossiers received at one unit.
type UnitMonthRatings struct {
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"unit_path"`
	Month    string `json:"month"` // YYYY-MM, Vietnam time
	RatingSummary
}

// RatingsByUnitMonth aggregates the satisfaction ratings per receiving unit and month, for the
// months from..to (YYYY-MM, both included) and the units the caller sees dossiers of. The
// statistics read it. Errors: Invalid (invalid_month), Unauthorized.
func (s *Service) RatingsByUnitMonth(ctx context.Context, from, to string) ([]*UnitMonthRatings, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range []string{from, to} {
		if len(m) != 7 || m[4] != '-' || strings.Trim(m[:4]+m[5:], "0123456789") != "" || m[5:] < "01" || m[5:] > "12" {
			return nil, errs.Invalidf("month", "invalid_month", "Tháng phải có dạng NNNN-TT, ví dụ 2026-03.", "Months are YYYY-MM.")
		}
	}
	var rows []store.RatingCount
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		rows, err = tx.RatingCounts(ctx, dossierScopes(a), from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []*UnitMonthRatings
	for _, r := range rows {
		if n := len(out); n == 0 || out[n-1].UnitID != r.UnitID || out[n-1].Month != r.Month {
			out = append(out, &UnitMonthRatings{UnitID: r.UnitID, UnitPath: r.UnitPath, Month: r.Month})
		}
		out[len(out)-1].add(r.Score, r.N)
	}
	return out, nil
}

// SumRatings adds up the ratings of the units under path.
func SumRatings(rs []*UnitMonthRatings, path string) RatingSummary {
	var sum RatingSummary
	for _, r := range rs {
		if strings.HasPrefix(r.UnitPath, path) {
			sum.Satisfied += r.Satisfied
			sum.Neutral += r.Neutral
			sum.Dissatisfied += r.Dissatisfied
		}
	}
	return sum
}
