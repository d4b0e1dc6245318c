package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// RatingRow is the applicant's satisfaction rating (đánh giá mức độ hài lòng) of a returned
// dossier: Score 1 hài lòng, 2 bình thường, 3 không hài lòng.
type RatingRow struct {
	DossierID         int64
	ReceivingUnitID   int64
	ReceivingUnitPath string
	Month             string // YYYY-MM, Vietnam time
	Score             int
	Comment           string
	CitizenID         int64 // 0 when rated through the link
	RatedAt           time.Time
}

// SetRatingLink stores the hash of a dossier's rating link token, replacing any earlier one.
func (tx *Tx) SetRatingLink(ctx context.Context, dossierID int64, hash string, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO rating_links (dossier_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (dossier_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		dossierID, hash, tx.ts(now))
	return errs.Wrap(err, "set rating link")
}

// RatingLinkHash returns the hash of a dossier's rating link token, "" when it has none.
func (tx *Tx) RatingLinkHash(ctx context.Context, dossierID int64) (string, error) {
	var h string
	err := tx.queryRow(ctx, `SELECT token_hash FROM rating_links WHERE dossier_id = ?`, dossierID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, errs.Wrap(err, "rating link")
}

// InsertRating stores a rating. A dossier already rated is a Conflict already_rated.
func (tx *Tx) InsertRating(ctx context.Context, r *RatingRow) error {
	_, err := tx.exec(ctx, `INSERT INTO ratings (dossier_id, receiving_unit_id, receiving_unit_path, month, score, comment,
		citizen_id, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.DossierID, r.ReceivingUnitID, r.ReceivingUnitPath, r.Month,
		r.Score, r.Comment, nullID(r.CitizenID), tx.ts(r.RatedAt))
	if isUniqueViolation(err) {
		return errs.New(errs.Conflict, "already_rated", "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.",
			"This dossier has already been rated; a dossier is rated once.")
	}
	return errs.Wrap(err, "insert rating")
}

// Rating returns a dossier's rating, or nil when it has none.
func (tx *Tx) Rating(ctx context.Context, dossierID int64) (*RatingRow, error) {
	var r RatingRow
	err := tx.queryRow(ctx, `SELECT dossier_id, receiving_unit_id, receiving_unit_path, month, score, comment,
		COALESCE(citizen_id, 0), rated_at FROM ratings WHERE dossier_id = ?`, dossierID).Scan(&r.DossierID, &r.ReceivingUnitID,
		&r.ReceivingUnitPath, &r.Month, &r.Score, &r.Comment, &r.CitizenID, tm(&r.RatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap(err, "rating")
	}
	return &r, nil
}

// RatingCount is the number of ratings of one score given at one receiving unit in one month.
type RatingCount struct {
	UnitID   int64
	UnitPath string
	Month    string
	Score    int
	N        int
}

// RatingCounts counts the ratings by receiving unit, month and score, for the receiving units under
// one of scopes and the months from..to (YYYY-MM, both included).
func (tx *Tx) RatingCounts(ctx context.Context, scopes []string, from, to string) ([]RatingCount, error) {
	if len(scopes) == 0 {
		return nil, nil
	}
	var who []string
	args := []any{from, to}
	for _, s := range scopes {
		who = append(who, `receiving_unit_path LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(s))
	}
	rows, err := tx.query(ctx, `SELECT receiving_unit_id, receiving_unit_path, month, score, COUNT(*) FROM ratings
		WHERE month >= ? AND month <= ? AND (`+strings.Join(who, " OR ")+`)
		GROUP BY receiving_unit_id, receiving_unit_path, month, score ORDER BY month, receiving_unit_path, score`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "rating counts")
	}
	defer rows.Close()
	var out []RatingCount
	for rows.Next() {
		var c RatingCount
		if err := rows.Scan(&c.UnitID, &c.UnitPath, &c.Month, &c.Score, &c.N); err != nil {
			return nil, errs.Wrap(err, "rating counts")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "rating counts")
}
