//go:build !js

package team_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
)

// childData names the data directory of a server the test binary runs as a child
// process (TestKilledServerLosesNoAcknowledgedRevision).
const childData = "AIA_TEAM_TEST_CHILD_DATA"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childData); dir != "" {
		serveChild(dir)
		return
	}
	os.Exit(m.Run())
}

// serveChild serves the API on a free loopback port, prints its address and serves
// until killed.
func serveChild(dir string) {
	s, err := storage.Open(ctx, dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	h, err := team.NewServer(team.Options{Store: s, URL: "http://aia.test/"})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	http.Serve(ln, h)
}

// TestKilledServerLosesNoAcknowledgedRevision kills (SIGKILL) a server in the middle of
// writes from eight clients, then checks that every revision it acknowledged is in the
// database, whole.
func TestKilledServerLosesNoAcknowledgedRevision(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL and child processes")
	}
	dir := t.TempDir()
	s, err := storage.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := team.AddUser(ctx, s, "ana@x.ca", false, "http://aia.test/")
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := team.NewToken(ctx, s, u, "test")
	s.Close()

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childData+"="+dir)
	out, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || len(addr) < 2 {
		t.Fatalf("the child server did not start: %q %v", addr, err)
	}
	base := "http://" + addr[:len(addr)-1] + "/api/v1/"
	e := &env{t: t, srv: nil, users: map[string]string{"ana@x.ca": token}}
	call := func(method, path string, body any) (int, map[string]any) {
		status, out, _ := e.callURL(base, "ana@x.ca", method, path, body)
		return status, out
	}

	type ack struct {
		id   string
		n    int
		file string
	}
	var mu sync.Mutex
	var acks []ack
	file := sample(t)
	const clients = 8
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, created := call("POST", "assessments", file)
			if status != http.StatusCreated {
				return
			}
			id := created["id"].(string)
			for i := 1; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				f := withAnswer(t, file, "projectDetailsBranch", fmt.Sprintf("client %d, save %d", c, i))
				status, out := call("PUT", "assessments/"+id, map[string]any{"revision": i, "file": json.RawMessage(f)})
				if status != http.StatusOK {
					return // the server is gone
				}
				mu.Lock()
				acks = append(acks, ack{id, int(out["revision"].(float64)), string(f)})
				mu.Unlock()
			}
		}()
	}
	// Kill once enough writes have landed that some are surely in flight.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 200 {
			break
		}
	}
	child.Process.Kill()
	child.Wait()
	close(stop)
	wg.Wait()
	if len(acks) < 50 {
		t.Fatalf("only %d revisions acknowledged before the kill", len(acks))
	}

	s, err = storage.Open(ctx, dir)
	if err != nil {
		t.Fatalf("the database after SIGKILL: %v", err)
	}
	defer s.Close()
	for _, a := range acks {
		r, err := s.Revision(ctx, a.id, a.n)
		if err != nil || string(r.File) != a.file {
			t.Fatalf("acknowledged revision %d of %s: %v (file intact: %v)", a.n, a.id, err, err == nil && string(r.File) == a.file)
		}
	}
	t.Logf("SIGKILL after %d acknowledged revisions from %d clients: all of them read back intact", len(acks), clients)
}
