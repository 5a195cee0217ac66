// Command verify gives, for each token, the verdict of Portworx's self-signed token check: openstorage's
// pkg/auth (TokenIssuer, then JwtAuthenticator.AuthenticateToken) on golang-jwt v4, written out here step by step
// as openstorage does it (it vendors golang-jwt v4.3.0; the Debian package holds v4.4.3, whose parsing and
// claim checks are the same). It is the reference of test/interop/openstorage-verdicts.slow.test.ts.
//
// It reads a JSON list of cases on standard input (never argv: tokens and keys stay out of the process list):
//
//	[{"token": "...", "keyKind": "secret|rsa|ecdsa", "key": "secret or PEM public key", "issuer": "portworx.com",
//	  "now": 1700000000, "usernameClaim": "sub|email|name"}]
//
// and prints one JSON result per case: {"ok": true} or {"ok": false, "error": "..."}, with "issuer": the issuer
// TokenIssuer reads, when it reads one.
//
// The token travels as Portworx receives it: as the gRPC metadata value "bearer <token>" (openstorage csi/csi.go
// setupContext; the REST gateway copies the Authorization header the same way), which the SDK server's HTTP/2
// framer refuses when it holds a control character other than tab (golang.org/x/net/http2 readMetaFrame with
// httpguts.ValidHeaderFieldValue: RST_STREAM PROTOCOL_ERROR), and from which grpc_auth.AuthFromMD takes
// everything after the first space (api/server/sdk/server_interceptors.go).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	jwt "github.com/golang-jwt/jwt"
)

type verifyCase struct {
	Token         string `json:"token"`
	KeyKind       string `json:"keyKind"`
	Key           string `json:"key"`
	Issuer        string `json:"issuer"`
	Now           int64  `json:"now"`
	UsernameClaim string `json:"usernameClaim"`
}

type verifyResult struct {
	Ok     bool    `json:"ok"`
	Error  string  `json:"error,omitempty"`
	Issuer *string `json:"issuer,omitempty"`
}

// claims is openstorage's auth.Claims.
type claims struct {
	Issuer  string   `json:"iss"`
	Subject string   `json:"sub" yaml:"sub"`
	Name    string   `json:"name" yaml:"name"`
	Email   string   `json:"email" yaml:"email"`
	Roles   []string `json:"roles,omitempty" yaml:"roles,omitempty"`
	Groups  []string `json:"groups,omitempty" yaml:"groups,omitempty"`
}

var requiredClaims = []string{"iss", "sub", "exp", "iat", "name", "email"}

// tokenIssuer is openstorage's auth.TokenIssuer: the server picks the authenticator by this issuer.
func tokenIssuer(raw string) (string, error) {
	parts := strings.Split(raw, ".")
	if len(parts) < 3 {
		return "", errors.New("token is invalid")
	}
	claimBytes, err := jwt.DecodeSegment(parts[1])
	if err != nil {
		return "", fmt.Errorf("failed to decode claims: %v", err)
	}
	var c *claims
	if err := json.Unmarshal(claimBytes, &c); err != nil {
		return "", fmt.Errorf("unable to get information from the claims: %v", err)
	}
	if len(c.Issuer) == 0 {
		return "", errors.New("issuer was not specified in the token")
	}
	return c.Issuer, nil
}

// receive is the way into the SDK server: the HTTP/2 header value check, then grpc_auth.AuthFromMD's split.
func receive(token string) (string, error) {
	value := "bearer " + token
	for i := 0; i < len(value); i++ {
		if b := value[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return "", errors.New("stream terminated by RST_STREAM with error code: PROTOCOL_ERROR")
		}
	}
	splits := strings.SplitN(value, " ", 2)
	if len(splits) < 2 || !strings.EqualFold(splits[0], "bearer") {
		return "", errors.New("bad authorization string")
	}
	return splits[1], nil
}

// authenticate is the server's check: the trusted issuer, then AuthenticateToken of openstorage's JwtAuthenticator
// configured with one key (the others unset, as NewJwtAuth leaves them).
func authenticate(c verifyCase) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	jwt.TimeFunc = func() time.Time { return time.Unix(c.Now, 0) }

	if c.Token, err = receive(c.Token); err != nil {
		return err
	}
	issuer, err := tokenIssuer(c.Token)
	if err != nil {
		return err
	}
	if issuer != c.Issuer {
		return fmt.Errorf("%s is not a trusted issuer", issuer)
	}

	var sharedSecretKey, rsaKey, ecdsKey interface{}
	switch c.KeyKind {
	case "secret":
		sharedSecretKey = []byte(c.Key)
	case "rsa":
		if rsaKey, err = jwt.ParseRSAPublicKeyFromPEM([]byte(c.Key)); err != nil {
			return fmt.Errorf("unable to parse rsa public key: %v", err)
		}
	case "ecdsa":
		if ecdsKey, err = jwt.ParseECPublicKeyFromPEM([]byte(c.Key)); err != nil {
			return fmt.Errorf("unable to parse ecds public key: %v", err)
		}
	default:
		return fmt.Errorf("unknown key kind %q", c.KeyKind)
	}

	token, err := jwt.Parse(c.Token, func(token *jwt.Token) (interface{}, error) {
		if strings.HasPrefix(token.Method.Alg(), "RS") {
			return rsaKey, nil
		} else if strings.HasPrefix(token.Method.Alg(), "ES") {
			return ecdsKey, nil
		} else if strings.HasPrefix(token.Method.Alg(), "HS") {
			return sharedSecretKey, nil
		}
		return nil, fmt.Errorf("unknown token algorithm: %s", token.Method.Alg())
	})
	if err != nil {
		return err
	}
	if !token.Valid {
		return errors.New("token failed validation")
	}
	mapClaims, ok := token.Claims.(jwt.MapClaims)
	if mapClaims == nil || !ok {
		return errors.New("no claims found in token")
	}
	for _, required := range requiredClaims {
		if _, ok := mapClaims[required]; !ok {
			return fmt.Errorf("required claim %v missing from token", required)
		}
	}
	parts := strings.Split(token.Raw, ".")
	claimBytes, err := jwt.DecodeSegment(parts[1])
	if err != nil {
		return fmt.Errorf("failed to decode claims: %v", err)
	}
	var sdkClaims claims
	if err := json.Unmarshal(claimBytes, &sdkClaims); err != nil {
		return fmt.Errorf("unable to get sdkclaims: %v", err)
	}
	username := sdkClaims.Subject
	switch c.UsernameClaim {
	case "email":
		username = sdkClaims.Email
	case "name":
		username = sdkClaims.Name
	}
	if username == "" {
		return fmt.Errorf("the username claim %s is empty", c.UsernameClaim)
	}
	return nil
}

// readIssuer is what TokenIssuer reads from the token as given, or nil (an error, or a panic: claims "null").
func readIssuer(token string) (issuer *string) {
	defer func() {
		if recover() != nil {
			issuer = nil
		}
	}()
	if read, err := tokenIssuer(token); err == nil {
		return &read
	}
	return nil
}

func main() {
	var cases []verifyCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot read cases:", err)
		os.Exit(2)
	}
	results := make([]verifyResult, 0, len(cases))
	for _, c := range cases {
		var result verifyResult
		if err := authenticate(c); err != nil {
			result.Error = err.Error()
		} else {
			result.Ok = true
		}
		result.Issuer = readIssuer(c.Token)
		results = append(results, result)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot write results:", err)
		os.Exit(2)
	}
}
