// Package lsp is postlint's language server: LSP 3.17 over stdio, a thin
// layer over the engine the command line runs. Diagnostics and fixes are
// the engine's, with byte offsets into the text; they become the
// protocol's UTF-16 positions only when written to the client.
//
// The protocol is spoken by a small subset written on encoding/json
// rather than by a library. Of the two kept Go libraries the module proxy
// serves, github.com/tliron/glsp v0.2.2 runs handlers one at a time
// through sourcegraph/jsonrpc2 and gives them no context, so a request
// cannot be cancelled and a slow one holds up every change behind it, and
// it brings fifteen modules (websockets, terminal colours, a deadlock
// detector); go.lsp.dev/protocol v0.12.0 describes LSP 3.15/3.16 and
// brings zap and segmentio/encoding. postlint needs a score of messages:
// the framing, the dispatch (document changes in order, requests
// concurrently and cancellable) and the types below are a few hundred
// lines we can make robust against a misbehaving client ourselves.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/postlint/postlint/rules"
)

// Options configure a server.
type Options struct {
	Registry *rules.Registry
	Version  string
	// Offline: external links are never checked (also settable by the
	// client's initializationOptions).
	Offline bool
	// Now is the engine's clock; nil is time.Now.
	Now func() time.Time
	// Debounce is how long the server waits after a change before it
	// lints; 0 means DefaultDebounce.
	Debounce time.Duration
	// ClockTick is how often the open posts with a diagnostic of a rule
	// that reads the clock are linted again; 0 means DefaultClockTick.
	ClockTick time.Duration
	// Stderr receives what cannot be sent to the client.
	Stderr io.Writer
}

// DefaultDebounce is the wait after a keystroke before linting: long
// enough to let a burst of typing end, short enough to feel immediate.
const DefaultDebounce = 150 * time.Millisecond

// DefaultClockTick is how often posts whose verdict the clock may end are
// linted again: a post dated later today loses its future-date
// diagnostic within a minute of its time.
const DefaultClockTick = time.Minute

// A Server is one language server session.
type Server struct {
	opt  Options
	out  *writer
	cfgs *configs

	ctx    context.Context // ends when the session ends
	cancel context.CancelFunc
	wg     sync.WaitGroup // every goroutine the session started, but
	// external link checks, which exit does not wait for
	external sync.WaitGroup
	requests sync.WaitGroup // requests being answered

	mu          sync.Mutex
	state       int // stateNew, stateRunning, stateShutdown
	caps        ClientCapabilities
	folders     []string // workspace folder paths
	offline     bool
	debounce    time.Duration
	docs        map[string]*document // by URI
	results     map[string]*lintResult
	timers      map[string]*time.Timer
	dirty       map[string]bool // documents waiting to be linted
	inflight    map[string]context.CancelFunc
	calls       map[string]chan *message // our requests to the client
	nextCall    int
	configDiags map[string]bool // config files with a diagnostic published
	workspaces  []*workspace
	watching    bool // the client watches files for us
	nextToken   int
	ops         []func()      // for the lint worker, before it lints
	linted      chan struct{} // closed, and replaced, after each lint

	wake  chan struct{} // the lint worker has work
	pubMu sync.Mutex    // held while diagnostics are checked and sent

	// Test hooks.
	maxMessage int
	indexGate  chan struct{} // when set, indexing waits for it
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

// NewServer returns a server; Serve runs it.
func NewServer(opt Options) *Server {
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.Stderr == nil {
		opt.Stderr = os.Stderr
	}
	s := &Server{
		opt:         opt,
		offline:     opt.Offline,
		debounce:    opt.Debounce,
		docs:        map[string]*document{},
		results:     map[string]*lintResult{},
		timers:      map[string]*time.Timer{},
		dirty:       map[string]bool{},
		inflight:    map[string]context.CancelFunc{},
		calls:       map[string]chan *message{},
		configDiags: map[string]bool{},
		wake:        make(chan struct{}, 1),
		linted:      make(chan struct{}),
		maxMessage:  maxMessage,
	}
	s.cfgs = newConfigs(opt.Registry, logWriter{s})
	return s
}

// Serve reads messages from in and writes to out until the client sends
// exit or closes in. It returns the process's exit status: 0 after
// shutdown then exit, 1 otherwise, as the protocol says.
func (s *Server) Serve(in io.Reader, out io.Writer) int {
	s.out = &writer{w: out}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Go(s.lintWorker)
	s.wg.Go(s.clockWorker)
	rd := newReader(in, s.maxMessage)
	exit := false
	for !exit {
		m, err := rd.read()
		if err != nil {
			var fe *errFraming
			if !errors.As(err, &fe) {
				break // end of input, or the pipe failed: the client is gone
			}
			s.logf(messageError, "postlint: skipped a bad message: %v", fe)
			// The id of a message that could not be read is unknown.
			_ = s.out.write(outError{"2.0", json.RawMessage("null"), errorf(codeParseError, "%v", fe)})
			continue
		}
		exit = s.handle(m)
	}
	s.stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	if exit && s.state == stateShutdown {
		return 0
	}
	return 1
}

// stop ends the session's background work and waits for it.
func (s *Server) stop() {
	s.cancel()
	s.mu.Lock()
	for _, t := range s.timers {
		t.Stop()
	}
	for _, c := range s.calls {
		close(c)
	}
	s.calls = map[string]chan *message{}
	s.mu.Unlock()
	s.wg.Wait()
}

type handlerFunc func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// requestHandlers run concurrently, each in its own goroutine with a context that
// $/cancelRequest ends.
var requestHandlers = map[string]handlerFunc{
	"textDocument/codeAction": (*Server).codeAction,
	"textDocument/hover":      (*Server).hover,
}

// notifications run in the order they arrive, before the next message is
// read: a request that follows a change sees it.
var notifications = map[string]func(s *Server, params json.RawMessage) error{
	"initialized":                      (*Server).initialized,
	"textDocument/didOpen":             (*Server).didOpen,
	"textDocument/didChange":           (*Server).didChange,
	"textDocument/didSave":             (*Server).didSave,
	"textDocument/didClose":            (*Server).didClose,
	"workspace/didChangeWatchedFiles":  (*Server).didChangeWatchedFiles,
	"workspace/didChangeConfiguration": func(*Server, json.RawMessage) error { return nil },
	"$/cancelRequest":                  (*Server).cancelRequest,
}

// handle acts on one message and reports whether it was exit.
func (s *Server) handle(m *message) (exit bool) {
	defer func() {
		if r := recover(); r != nil {
			s.logf(messageError, "postlint: internal error handling %s: %v\n%s", m.Method, r, debug.Stack())
			if m.isRequest() {
				s.replyError(m.ID, errorf(codeInternalError, "internal error: %v", r))
			}
		}
	}()
	switch {
	case m.isResponse():
		s.mu.Lock()
		c := s.calls[string(m.ID)]
		delete(s.calls, string(m.ID))
		s.mu.Unlock()
		if c != nil {
			c <- m
		}
		return false
	case m.isNotification():
		if m.Method == "exit" {
			return true
		}
		s.mu.Lock()
		state := s.state
		s.mu.Unlock()
		if state != stateRunning {
			return false // before initialize and after shutdown, notifications are dropped
		}
		h, ok := notifications[m.Method]
		if !ok {
			if !strings.HasPrefix(m.Method, "$/") {
				s.logf(messageLog, "postlint: ignored the notification %s", m.Method)
			}
			return false
		}
		if err := h(s, m.Params); err != nil {
			s.logf(messageError, "postlint: %s: %v", m.Method, err)
		}
		return false
	case m.isRequest():
		s.request(m)
		return false
	}
	s.logf(messageError, "postlint: ignored a message that is neither request, response nor notification")
	if hasID(m.ID) {
		s.replyError(m.ID, errorf(codeInvalidRequest, "not a request"))
	}
	return false
}

func (s *Server) request(m *message) {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case m.Method == "initialize":
		if state != stateNew {
			s.replyError(m.ID, errorf(codeInvalidRequest, "initialize was already received"))
			return
		}
		res, err := s.initialize(m.Params)
		s.reply(m.ID, res, err)
		return
	case state == stateNew:
		s.replyError(m.ID, errorf(codeServerNotInitialized, "the server is not initialized"))
		return
	case state == stateShutdown:
		s.replyError(m.ID, errorf(codeInvalidRequest, "the server is shutting down"))
		return
	case m.Method == "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		// Requests sent before shutdown are answered before it; the
		// loop goes on reading meanwhile, as they may wait for the client.
		s.wg.Go(func() {
			s.requests.Wait()
			s.reply(m.ID, nil, nil)
		})
		return
	}
	h, ok := requestHandlers[m.Method]
	if !ok {
		s.replyError(m.ID, errorf(codeMethodNotFound, "method %q is not supported", m.Method))
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	key := string(m.ID)
	s.mu.Lock()
	s.inflight[key] = cancel
	s.mu.Unlock()
	s.requests.Add(1)
	s.wg.Go(func() {
		defer s.requests.Done()
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			cancel()
		}()
		var res any
		err := safely(func() (err error) {
			res, err = h(s, ctx, m.Params)
			return err
		})
		if ctx.Err() != nil {
			s.replyError(m.ID, errorf(codeRequestCancelled, "the request was cancelled"))
			return
		}
		s.reply(m.ID, res, err)
	})
}

// safely runs f, turning a panic into an error that says where.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errorf(codeInternalError, "internal error: %v\n%s", r, debug.Stack())
		}
	}()
	return f()
}

func (s *Server) reply(id json.RawMessage, res any, err error) {
	if err != nil {
		var re *rpcError
		if !errors.As(err, &re) {
			re = errorf(codeInternalError, "%v", err)
		}
		if re.Code == codeInternalError {
			s.logf(messageError, "postlint: %v", re.Message)
		}
		s.replyError(id, re)
		return
	}
	_ = s.out.write(outResult{"2.0", id, res})
}

func (s *Server) replyError(id json.RawMessage, e *rpcError) {
	_ = s.out.write(outError{"2.0", id, e})
}

func (s *Server) notify(method string, params any) {
	_ = s.out.write(outCall{JSONRPC: "2.0", Method: method, Params: params})
}

// call sends a request to the client and waits for its answer.
func (s *Server) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	s.mu.Lock()
	s.nextCall++
	id := json.RawMessage(fmt.Sprintf(`"postlint-%d"`, s.nextCall))
	c := make(chan *message, 1)
	s.calls[string(id)] = c
	s.mu.Unlock()
	if err := s.out.write(outCall{"2.0", id, method, params}); err != nil {
		return nil, err
	}
	select {
	case m, ok := <-c:
		if !ok {
			return nil, errClosed
		}
		if m.Error != nil {
			return nil, m.Error
		}
		return m.Result, nil
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.calls, string(id))
		s.mu.Unlock()
		return nil, ctx.Err()
	}
}

// logf sends a message to the client's log.
func (s *Server) logf(typ int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.out == nil || s.out.write(outCall{JSONRPC: "2.0", Method: "window/logMessage", Params: LogMessageParams{typ, msg}}) != nil {
		fmt.Fprintln(s.opt.Stderr, msg)
	}
}

// logWriter sends what the engine prints (link notices) to the client's
// log, one message per write.
type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	if msg := strings.TrimSpace(string(p)); msg != "" {
		w.s.logf(messageInfo, "%s", msg)
	}
	return len(p), nil
}

func decode(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return errorf(codeInvalidParams, "missing params")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return errorf(codeInvalidParams, "bad params: %v", err)
	}
	return nil
}

func (s *Server) initialize(params json.RawMessage) (any, error) {
	var p InitializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	var opts InitializationOptions
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		if err := json.Unmarshal(p.InitializationOptions, &opts); err != nil {
			s.logf(messageWarning, "postlint: initializationOptions ignored: %v", err)
		}
	}
	s.mu.Lock()
	s.caps = p.Capabilities
	for _, f := range p.WorkspaceFolders {
		if path := uriPath(f.URI); path != "" {
			s.folders = append(s.folders, path)
		}
	}
	if len(s.folders) == 0 {
		switch {
		case uriPath(p.RootURI) != "":
			s.folders = append(s.folders, uriPath(p.RootURI))
		case p.RootPath != "":
			s.folders = append(s.folders, filepath.Clean(p.RootPath))
		}
	}
	if opts.Offline != nil {
		s.offline = *opts.Offline
	}
	if opts.DebounceMs != nil && *opts.DebounceMs >= 0 {
		s.debounce = time.Duration(*opts.DebounceMs) * time.Millisecond
	}
	s.state = stateRunning
	s.mu.Unlock()
	return InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: TextDocumentSyncOptions{OpenClose: true, Change: 2, Save: SaveOptions{IncludeText: false}},
			CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{
				kindQuickFix, kindFixAllPostlint,
			}},
			HoverProvider: true,
		},
		ServerInfo: ServerInfo{Name: "postlint", Version: s.opt.Version},
	}, nil
}

func (s *Server) cancelRequest(params json.RawMessage) error {
	var p CancelParams
	if err := decode(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	cancel := s.inflight[string(p.ID)]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}
