package cli

import (
	"context"
	"fmt"
)

const aboutAuditVerify = `Walks the whole audit log in order and checks its hash chain against the stored head. On an
intact log it prints the number of records and the head (sequence number and hash): keep the head
somewhere else, since a later verify proves the log unchanged up to it. When any record was edited,
deleted or reordered, it names the first bad record and exits with status 3.`

func auditFlags(e *env) (*flagSet, *storeConfig) {
	var c storeConfig
	f := newFlagSet("audit verify", "egov audit verify [flags]", aboutAuditVerify, e)
	addStoreFlags(f, &c)
	return f, &c
}

func helpAudit(e *env) {
	f, _ := auditFlags(e)
	f.printUsage(e.stdout)
}

// brokenError is a tampered audit log: exit code 3.
type brokenError struct{ msg string }

func (b brokenError) Error() string { return b.msg }

// runAudit runs "audit verify".
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"missing audit command: verify"}
	}
	switch args[0] {
	case "verify":
	case "-h", "-help", "--help":
		helpAudit(e)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown audit command %q: verify", args[0])}
	}
	f, c := auditFlags(e)
	pos, err := f.Parse(args[1:])
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	db, _, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	v, problem, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if problem != nil {
		return brokenError{fmt.Sprintf("audit log BROKEN at record %d: %s (%d records before it verified)", problem.Seq, problem.Reason, v.Count())}
	}
	seq, hash := v.Head()
	fmt.Fprintf(e.stdout, "audit log intact: %d records\nhead: seq %d hash %s\n", v.Count(), seq, orDash(hash))
	return nil
}
