// Package store holds all of egov's SQL, for SQLite and PostgreSQL alike. Public methods of DB
// open a transaction; the methods of Tx run inside one. Queries are written once with '?'
// placeholders and rebound for PostgreSQL; where the dialects differ the code says so in place.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/egov-vn/egov/internal/errs"
)

// Dialect names the database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is egov's database.
type DB struct {
	SQL     *sql.DB
	Dialect Dialect
	// Location describes where the data is, without credentials.
	Location string

	rebound sync.Map // query text -> PostgreSQL form
	url     string   // PostgreSQL's connection string, for Reopen
	dir     string   // SQLite's data directory, for Reopen
}

// Reopen opens a second, independent connection pool on the same database, as a second egov
// process would.
func (db *DB) Reopen(ctx context.Context) (*DB, error) {
	return Open(ctx, db.url, db.dir)
}

// ReopenForBulk opens a second, independent connection pool on the same database for a bulk load
// whose last commits need not survive a crash of the machine, such as generated demo data: on
// SQLite synchronous=NORMAL (the write-ahead log still keeps the database consistent), on
// PostgreSQL synchronous_commit=off. Transactions stay atomic and isolated; a commit returns
// without waiting for the disk. Close it after the load.
func (db *DB) ReopenForBulk(ctx context.Context) (*DB, error) {
	if db.url != "" {
		u, err := url.Parse(db.url)
		if err != nil {
			return nil, fmt.Errorf("connection URL: %w", err)
		}
		q := u.Query()
		q.Set("synchronous_commit", "off")
		u.RawQuery = q.Encode()
		bulk, err := openPostgres(ctx, u.String())
		if bulk != nil {
			bulk.url, bulk.Location = db.url, db.Location
		}
		return bulk, err
	}
	return openSQLiteWith(ctx, db.dir, "NORMAL")
}

// Open connects to PostgreSQL when databaseURL is set, and otherwise opens (creating it if
// needed) the SQLite database egov.db in dataDir. It does not migrate.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL)
	}
	return openSQLite(ctx, dataDir)
}

func openSQLite(ctx context.Context, dataDir string) (*DB, error) {
	return openSQLiteWith(ctx, dataDir, "FULL")
}

func openSQLiteWith(ctx context.Context, dataDir, synchronous string) (*DB, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dataDir, "egov.db")
	// busy_timeout first, so that the pragmas after it wait instead of failing (as pocketbase
	// does); WAL lets readers run beside the one writer; synchronous=FULL makes every commit
	// durable before it is acknowledged.
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(" + synchronous + ")", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // write transactions take the lock at BEGIN: no deadlocking upgrades
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &DB{SQL: db, Dialect: SQLite, Location: path, dir: dataDir}, nil
}

func openPostgres(ctx context.Context, databaseURL string) (*DB, error) {
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	loc := "postgres"
	if u, err := url.Parse(databaseURL); err == nil {
		loc = "postgres://" + u.Host + u.Path
	}
	return &DB{SQL: db, Dialect: Postgres, Location: loc, url: databaseURL}, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.SQL.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Tx is one transaction. Its methods are the store's private vocabulary: the application opens
// a transaction with DB.Write or DB.Read and calls them inside (or, for a few independent
// reads, DB.ReadEach, where each statement is its own transaction).
type Tx struct {
	tx conn
	db *DB
	// later are writes sent with the transaction's next statement (see writeLater);
	// laterStats: some of them add to the statistics' aggregate rows.
	later      []statement
	laterStats bool
	// laterErr is the first failure of writes sent later; the transaction then fails with it.
	laterErr error
}

// conn runs statements: a *sql.Tx, or the *sql.DB itself for DB.ReadEach.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Write runs fn in a read-write transaction and commits when fn returns nil. On PostgreSQL a
// serialization failure or deadlock is retried a few times; fn must therefore have no effects
// outside the transaction.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.run(ctx, false, fn)
		if !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}

// Read runs fn in a read-only transaction: one consistent view of the data.
func (db *DB) Read(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, true, fn)
}

// ReadEach runs fn with no transaction around it: each statement commits on its own and sees
// what was committed when it ran, so two statements may see different states of the data. It
// saves BEGIN and COMMIT (two round trips) for reads that need no consistent view across their
// statements, such as finding who holds a token. fn must only read.
func (db *DB) ReadEach(ctx context.Context, fn func(*Tx) error) error {
	return fn(&Tx{tx: db.SQL, db: db})
}

func (db *DB) run(ctx context.Context, readOnly bool, fn func(*Tx) error) (err error) {
	sqlTx, err := db.SQL.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return errs.Wrap(err, "begin")
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	tx := &Tx{tx: sqlTx, db: db}
	if err = tx.finish(ctx, fn(tx)); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return errs.Wrap(err, "commit")
	}
	return nil
}

func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01" // serialization_failure, deadlock_detected
	}
	return false
}

// isUniqueViolation reports whether err is a unique-constraint violation on either engine.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// q rebinds a query written with '?' placeholders for the dialect.
func (db *DB) q(query string) string {
	if db.Dialect != Postgres {
		return query
	}
	if v, ok := db.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	inStr := false
	for _, r := range query {
		switch {
		case r == '\'':
			inStr = !inStr
			b.WriteRune(r)
		case r == '?' && !inStr:
			n++
			b.WriteString("$" + strconv.Itoa(n))
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	db.rebound.Store(query, s)
	return s
}

// exec, query and queryRow run one statement, after the writes kept for later (flush).
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := tx.flush(ctx); err != nil {
		return nil, err
	}
	return tx.tx.ExecContext(ctx, tx.db.q(query), args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := tx.flush(ctx); err != nil {
		return nil, err
	}
	return tx.tx.QueryContext(ctx, tx.db.q(query), args...)
}

// queryRow cannot report a failed flush itself: the statement then fails on PostgreSQL's
// aborted transaction, and the transaction with the flush's error (run).
func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	tx.flush(ctx)
	return tx.tx.QueryRowContext(ctx, tx.db.q(query), args...)
}

// writeLater keeps data-changing statements that return nothing to send with the transaction's
// next statement, saving their round trips: the next execInOrder, InsertReceived or AppendAudit
// takes them into its own statement, anything else sends them first (flush), and so does the
// commit. A statement of the transaction therefore always sees them written, with one exception
// the caller must respect: a statement that takes them in runs in one snapshot with them, so it
// must not read what they change (the audit head, which none of them changes, is read after
// they have run). Writes on which nothing later
// in the transaction depends before its end suit this: advancing a counter whose row is already
// locked, queueing messages, counting statistics. A failure fails the transaction: with a
// statement that takes them in, as that statement's failure, otherwise when they are sent (see
// finish). Two of them in one statement must not change the same row (an upsert cannot change a
// row twice in one statement). On SQLite they run at once.
func (tx *Tx) writeLater(ctx context.Context, stmts ...statement) error {
	if tx.db.Dialect != Postgres {
		return tx.execInOrder(ctx, stmts...)
	}
	tx.later = append(tx.later, stmts...)
	return nil
}

// finish is what a transaction's work fnErr becomes before the commit: the writes kept for later
// are sent, and a failure of one of them, sent with whatever statement, is the transaction's
// error (what came after it failed too, as PostgreSQL refuses every statement of a failed
// transaction). The caller commits only on nil.
func (tx *Tx) finish(ctx context.Context, fnErr error) error {
	if fnErr == nil {
		fnErr = tx.flush(ctx)
	}
	if tx.laterErr != nil {
		return tx.laterErr
	}
	return fnErr
}

// takeLater returns the writes kept for later and forgets them (the caller sends them).
func (tx *Tx) takeLater() []statement {
	l := tx.later
	tx.later, tx.laterStats = nil, false
	return l
}

// flush sends the writes kept for later, if any.
func (tx *Tx) flush(ctx context.Context) error {
	if tx.laterErr != nil {
		return tx.laterErr
	}
	if len(tx.later) == 0 {
		return nil
	}
	if err := tx.execInOrder(ctx); err != nil {
		tx.laterErr = errs.Wrap(err, "writes sent later")
		return tx.laterErr
	}
	return nil
}

// statement is one SQL statement with '?' placeholders and its arguments.
type statement struct {
	query string
	args  []any
}

// execInOrder runs data-changing statements that return nothing, in the order given, after
// the writes kept for later (writeLater). On
// PostgreSQL they are sent as one statement (one round trip instead of one each): the first is
// the main statement and the others sub-statements of its WITH, which PostgreSQL runs after the
// main one, the last listed first, so they are listed in reverse. The order matters only for the
// row locks taken (every transaction taking them in one order cannot deadlock); should a version
// of PostgreSQL run them in another order, a deadlock would be detected and the transaction
// retried (DB.Write). On SQLite, where writers do not interleave, they run one after the other.
func (tx *Tx) execInOrder(ctx context.Context, stmts ...statement) error {
	if len(tx.later) > 0 {
		stmts = append(tx.takeLater(), stmts...)
	}
	if len(stmts) == 0 {
		return nil
	}
	if tx.db.Dialect != Postgres || len(stmts) < 2 {
		for _, st := range stmts {
			if _, err := tx.exec(ctx, st.query, st.args...); err != nil {
				return err
			}
		}
		return nil
	}
	var b strings.Builder
	var args []any
	b.WriteString("WITH ")
	for i := len(stmts) - 1; i >= 1; i-- {
		fmt.Fprintf(&b, "s%d AS (%s)", i, stmts[i].query)
		if i > 1 {
			b.WriteString(",\n")
		}
		args = append(args, stmts[i].args...)
	}
	b.WriteString("\n")
	b.WriteString(stmts[0].query)
	args = append(args, stmts[0].args...)
	_, err := tx.exec(ctx, b.String(), args...)
	return err
}

// insert runs an INSERT … RETURNING id and returns the new id.
func (tx *Tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// forUpdate is the row-lock suffix: PostgreSQL locks the row; SQLite's write transaction already
// holds the database lock from BEGIN IMMEDIATE.
func (tx *Tx) forUpdate() string {
	if tx.db.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Time values: PostgreSQL stores timestamptz and date; SQLite stores fixed-width UTC text, so that
// text order is time order.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// ts converts t for storage; the zero time is stored as NULL.
func (tx *Tx) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if tx.db.Dialect == SQLite {
		return t.Format(sqliteTime)
	}
	return t
}

// date converts a civil date (its Y-M-D, zone ignored) for storage; the zero date is NULL.
func (tx *Tx) date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}

// scanTime scans a time stored by ts or date on either engine; NULL gives the zero time.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = x.UTC()
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("cannot scan %T into time", v)
	}
	return nil
}

func (s scanTime) parse(x string) error {
	for _, layout := range []string{sqliteTime, time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, x); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", x)
}

func tm(t *time.Time) scanTime { return scanTime{t} }

// likePrefix escapes s for use as a LIKE prefix with ESCAPE '\'.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// IsUnavailable reports whether err means the database cannot be reached right now (the server
// is down, restarting or refusing connections), as opposed to a fault in a statement: the
// request may succeed if retried a little later.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 08 connection exception; 57P01–57P03 admin/crash shutdown, cannot connect now.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	// What pgx says of a connection the server closed under it.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "conn busy") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "connection reset") || strings.Contains(msg, "server closed the connection") || strings.Contains(msg, "failed to connect")
}
