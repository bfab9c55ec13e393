package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// chromium is a headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe: commands on its fd 3, answers on fd 4),
// so that no port is opened and no WebSocket library is needed.
type chromium struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Reader
	session string

	mu      sync.Mutex
	nextID  int
	replies map[int]chan cdpMessage
	events  chan cdpMessage
	stderr  bytes.Buffer
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// chromiumPath is the browser the test drives; CI installs it from apt.
const chromiumPath = "/usr/bin/chromium"

// startChromium starts the browser, or skips the test when it is absent.
func startChromium(t *testing.T) *chromium {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("no Chromium at " + chromiumPath + " (CI installs it: apt-get install chromium)")
	}
	cmdIn, chromeIn, err := os.Pipe() // we write, Chromium reads on fd 3
	if err != nil {
		t.Fatal(err)
	}
	chromeOut, cmdOut, err := os.Pipe() // Chromium writes on fd 4, we read
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	// Offline and alone: no first-run tasks, no component updates, no
	// sync, no background requests; a fresh profile each time.
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdIn, cmdOut}
	c := &chromium{t: t, cmd: cmd, in: chromeIn, out: bufio.NewReaderSize(chromeOut, 1<<20),
		replies: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 4096)}
	cmd.Stderr = &c.stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Skip("Chromium does not start:", err)
	}
	_ = cmdIn.Close()
	_ = cmdOut.Close()
	t.Cleanup(func() {
		c.send("", "Browser.close")
		_ = c.in.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cancel() // kills this one process only
			<-done
		}
		cancel()
		_ = chromeOut.Close()
	})
	go c.read()
	var target struct{ TargetID string }
	c.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	c.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	c.session = attached.SessionID
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Network.enable"} {
		c.call(c.session, domain, nil, nil)
	}
	return c
}

func (c *chromium) read() {
	for {
		msg, err := c.out.ReadBytes(0)
		if err != nil {
			close(c.events)
			return
		}
		var m cdpMessage
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			c.mu.Lock()
			ch := c.replies[m.ID]
			delete(c.replies, m.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		select {
		case c.events <- m:
		default: // nobody waits for that many events
		}
	}
}

// send writes a command without waiting for its answer.
func (c *chromium) send(session, method string) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if session != "" {
		msg["sessionId"] = session
	}
	b, _ := json.Marshal(msg)
	_, _ = c.in.Write(append(b, 0))
}

// call sends a command and decodes its result into result (if not nil).
func (c *chromium) call(session, method string, params any, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan cdpMessage, 1)
	c.replies[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, _ := json.Marshal(msg)
	if _, err := c.in.Write(append(b, 0)); err != nil {
		c.t.Fatalf("%s: %v\n%s", method, err, c.stderr.String())
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-time.After(60 * time.Second):
		c.t.Fatalf("%s: no answer in 60 s\n%s", method, c.stderr.String())
	}
}

// open loads url, waits for its load event, and returns the URLs of the
// requests the page made besides its own.
func (c *chromium) open(url string, js bool) (requests []string) {
	c.t.Helper()
	c.call(c.session, "Emulation.setScriptExecutionDisabled", map[string]any{"value": !js}, nil)
	c.call(c.session, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil)
	for len(c.events) > 0 {
		<-c.events
	}
	c.call(c.session, "Page.navigate", map[string]any{"url": url}, nil)
	deadline := time.After(60 * time.Second)
	for {
		select {
		case m, ok := <-c.events:
			if !ok {
				c.t.Fatalf("Chromium ended\n%s", c.stderr.String())
			}
			switch m.Method {
			case "Network.requestWillBeSent":
				var p struct{ Request struct{ URL string } }
				_ = json.Unmarshal(m.Params, &p)
				if p.Request.URL != url {
					requests = append(requests, p.Request.URL)
				}
			case "Page.loadEventFired":
				return requests
			}
		case <-deadline:
			c.t.Fatalf("%s did not load in 60 s", url)
		}
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func (c *chromium) eval(expr string, v any) {
	c.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails *struct{ Text string }
	}
	c.call(c.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	if res.ExceptionDetails != nil {
		c.t.Fatalf("%s: %s", expr, res.ExceptionDetails.Text)
	}
	if v != nil {
		if err := json.Unmarshal(res.Result.Value, v); err != nil {
			c.t.Fatalf("%s: %v (%s)", expr, err, res.Result.Value)
		}
	}
}

// screenshot writes a PNG of the page from y, height tall, to path.
func (c *chromium) screenshot(path string, y, height int) {
	c.t.Helper()
	var shot struct{ Data string }
	c.call(c.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": y, "width": 1280, "height": height, "scale": 1}}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil || len(png) < 1000 {
		c.t.Fatalf("screenshot: %v, %d bytes", err, len(png))
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}
