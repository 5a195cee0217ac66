// Command verify checks tokens with golang-jwt v4, as Go clients of Portworx (openstorage, stork) do.
//
// It reads a JSON list of cases from standard input (never argv: tokens and keys stay out of the process list):
//
//	[{"token": "...", "algorithm": "HS256", "key": "secret or PEM public key", "issuer": "portworx.com", "now": 1700000000}]
//
// and prints one JSON result per case: {"ok": true, "claims": {...}} or {"ok": false, "error": "..."}.
// Claims are checked against "now" (the test's pinned clock), not against the system clock.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/golang-jwt/jwt"
)

type verifyCase struct {
	Token     string `json:"token"`
	Algorithm string `json:"algorithm"`
	Key       string `json:"key"`
	Issuer    string `json:"issuer"`
	Now       int64  `json:"now"`
}

type verifyResult struct {
	Ok     bool          `json:"ok"`
	Claims jwt.MapClaims `json:"claims,omitempty"`
	Error  string        `json:"error,omitempty"`
}

var requiredClaims = []string{"iss", "sub", "exp", "iat", "name", "email"}

// keyFor returns the verification key for the token's method, refusing any method but the expected one.
func keyFor(c verifyCase) jwt.Keyfunc {
	return func(token *jwt.Token) (interface{}, error) {
		if token.Method.Alg() != c.Algorithm {
			return nil, fmt.Errorf("unexpected signing method %s", token.Method.Alg())
		}
		switch token.Method.(type) {
		case *jwt.SigningMethodHMAC:
			return []byte(c.Key), nil
		case *jwt.SigningMethodRSA:
			return jwt.ParseRSAPublicKeyFromPEM([]byte(c.Key))
		case *jwt.SigningMethodECDSA:
			return jwt.ParseECPublicKeyFromPEM([]byte(c.Key))
		}
		return nil, fmt.Errorf("unsupported signing method %s", token.Method.Alg())
	}
}

func verify(c verifyCase) verifyResult {
	parser := jwt.NewParser(jwt.WithValidMethods([]string{c.Algorithm}), jwt.WithoutClaimsValidation())
	token, err := parser.Parse(c.Token, keyFor(c))
	if err != nil {
		return verifyResult{Error: err.Error()}
	}
	claims, ok := token.Claims.(jwt.MapClaims)
	if !ok || !token.Valid {
		return verifyResult{Error: "token not valid"}
	}
	for _, name := range requiredClaims {
		if _, present := claims[name]; !present {
			return verifyResult{Error: "required claim " + name + " missing"}
		}
	}
	if !claims.VerifyIssuer(c.Issuer, true) {
		return verifyResult{Error: "issuer not trusted"}
	}
	if !claims.VerifyExpiresAt(c.Now, true) {
		return verifyResult{Error: "token expired"}
	}
	if !claims.VerifyIssuedAt(c.Now, true) {
		return verifyResult{Error: "token used before issued"}
	}
	return verifyResult{Ok: true, Claims: claims}
}

func main() {
	var cases []verifyCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot read cases:", err)
		os.Exit(2)
	}
	results := make([]verifyResult, 0, len(cases))
	for _, c := range cases {
		results = append(results, verify(c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot write results:", err)
		os.Exit(2)
	}
}
