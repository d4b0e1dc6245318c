package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/sign"
)

// signingConfig is how the electronic results are signed: a configured key and certificate
// chain (PEM files), or else development keys sealed in the database under a secret file.
type signingConfig struct {
	certFile, keyFile, rootsFile, secretFile string
}

func addSigningFlags(f *flagSet, c *signingConfig) {
	f.String(&c.certFile, "sign-cert", "EGOV_SIGN_CERT", "", "FILE", "PEM certificate chain (signer first) of a real signing key; every agency then signs with it; unset: development certificates per agency")
	f.String(&c.keyFile, "sign-key", "EGOV_SIGN_KEY", "", "FILE", "PEM private key of --sign-cert (read from this path only; keep it 0600)")
	f.String(&c.rootsFile, "sign-roots", "EGOV_SIGN_ROOTS", "", "FILE", "PEM trust anchors for verifying signed results, besides the development root and --sign-cert's last certificate")
	f.String(&c.secretFile, "sign-secret", "EGOV_SIGN_SECRET", "", "FILE", "file of the secret sealing the development signing keys in the database (made 0600 on first start; default DATA/signing-secret; several processes on one database need the same file)")
}

// setup configures svc's signing; verifyBase is the public address of the verification page.
func (c *signingConfig) setup(ctx context.Context, svc *app.Service, dataDir, verifyBase string, log *slog.Logger) error {
	cfg := app.SigningConfig{VerifyBase: verifyBase}
	if (c.certFile == "") != (c.keyFile == "") {
		return usageError{"--sign-cert and --sign-key go together"}
	}
	if c.certFile != "" {
		pemCerts, err := os.ReadFile(c.certFile)
		if err != nil {
			return fmt.Errorf("--sign-cert: %w", err)
		}
		chain, err := sign.ParseCertificates(pemCerts)
		if err != nil {
			return fmt.Errorf("--sign-cert: %w", err)
		}
		pemKey, err := os.ReadFile(c.keyFile)
		if err != nil {
			return fmt.Errorf("--sign-key: %w", err)
		}
		key, err := sign.ParseKey(pemKey)
		if err != nil {
			return fmt.Errorf("--sign-key: %w", err)
		}
		cfg.Identity = &sign.Identity{Key: key, Chain: chain}
	}
	if c.rootsFile != "" {
		b, err := os.ReadFile(c.rootsFile)
		if err != nil {
			return fmt.Errorf("--sign-roots: %w", err)
		}
		if cfg.Roots, err = sign.ParseCertificates(b); err != nil {
			return fmt.Errorf("--sign-roots: %w", err)
		}
	}
	if cfg.Identity == nil {
		path := c.secretFile
		if path == "" {
			path = filepath.Join(dataDir, "signing-secret")
		}
		secret, made, err := readOrMakeSecret(path)
		if err != nil {
			return fmt.Errorf("signing secret: %w", err)
		}
		if made {
			log.Info("signing secret made", "file", path)
		}
		cfg.Secret = secret
	}
	if err := svc.SetSigning(cfg); err != nil {
		return err
	}
	if err := svc.EnsureSigningCA(app.WithActor(ctx, org.SystemActor)); err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	if cfg.Identity != nil {
		log.Info("results are signed with the configured certificate", "subject", cfg.Identity.Chain[0].Subject.String())
	} else {
		log.Info("results are signed with development certificates (not for real documents)")
	}
	return nil
}

// readOrMakeSecret reads the 32-byte secret (64 hexadecimal digits) at path, or makes it there
// with mode 0600 when there is no file.
func readOrMakeSecret(path string) ([]byte, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, false, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return readOrMakeSecret(path) // another process made it first
		}
		if err != nil {
			return nil, false, err
		}
		_, werr := f.WriteString(hex.EncodeToString(secret) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return secret, werr == nil, werr
	}
	if err != nil {
		return nil, false, err
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) != 32 {
		return nil, false, fmt.Errorf("%s: want 64 hexadecimal digits", path)
	}
	return secret, false, nil
}
