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
// The token travels as Portworx receives it: each case is a real gRPC call (grpc-go, Debian's
// golang-google-grpc-dev) to a server in this process, with the metadata "authorization: bearer <token>" as
// openstorage's CSI driver sends it (csi/csi.go setupContext; the REST gateway copies the Authorization header the
// same way). The server's interceptor takes the token as grpc_auth.AuthFromMD does (everything after the first
// space; api/server/sdk/server_interceptors.go) and authenticates it; a token the transport refuses (grpc-go's
// HTTP/2 server resets a stream whose header value holds a line break) gets the call's error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	jwt "github.com/golang-jwt/jwt"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
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

// tokenFromMD is grpc_auth.AuthFromMD(ctx, "bearer"): the value after the first space of the authorization entry.
func tokenFromMD(ctx context.Context) (string, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	values := md.Get("authorization")
	if len(values) == 0 || values[0] == "" {
		return "", errors.New("request unauthenticated with bearer")
	}
	splits := strings.SplitN(values[0], " ", 2)
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
	results := make([]verifyResult, len(cases))
	reached := make([]bool, len(cases))
	// The server: every call's token, as AuthFromMD takes it, goes through the case's authentication.
	server := grpc.NewServer(grpc.UnaryInterceptor(func(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		index, err := strconv.Atoi(strings.Join(md.Get("case"), ""))
		if err != nil || index < 0 || index >= len(cases) {
			return nil, fmt.Errorf("no case %v", md.Get("case"))
		}
		reached[index] = true
		c := cases[index]
		if c.Token, err = tokenFromMD(ctx); err == nil {
			err = authenticate(c)
		}
		if err != nil {
			results[index].Error = err.Error()
		} else {
			results[index].Ok = true
		}
		return handler(ctx, req)
	}))
	healthpb.RegisterHealthServer(server, health.NewServer())
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot listen:", err)
		os.Exit(2)
	}
	go func() { _ = server.Serve(listener) }()
	defer server.Stop()
	conn, err := grpc.Dial(listener.Addr().String(), grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot connect:", err)
		os.Exit(2)
	}
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	for index, c := range cases {
		md := metadata.New(map[string]string{"authorization": "bearer " + c.Token, "case": strconv.Itoa(index)})
		ctx, cancel := context.WithTimeout(metadata.NewOutgoingContext(context.Background(), md), 10*time.Second)
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{})
		cancel()
		if !reached[index] {
			// The transport refused the call before any server code saw the token.
			results[index] = verifyResult{Error: fmt.Sprintf("not received: %v", err)}
		}
		results[index].Issuer = readIssuer(c.Token)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "verify: cannot write results:", err)
		os.Exit(2)
	}
}
