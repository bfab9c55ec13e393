package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 error codes, and the LSP's own.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// maxMessage bounds one incoming message. A document larger than
// limits.max_file_size is not linted anyway; this only keeps a client, or
// garbage on the pipe, from making the server hold gigabytes. A larger
// message is read past, so the stream stays in step, and refused.
const maxMessage = 256 << 20

// maxHeader bounds one header line: real ones are a few dozen bytes.
const maxHeader = 4096

// A message is any JSON-RPC message as read: a request has an ID and a
// Method, a notification only a Method, a response an ID and a Result or
// an Error.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

func (m *message) isRequest() bool      { return m.Method != "" && hasID(m.ID) }
func (m *message) isNotification() bool { return m.Method != "" && !hasID(m.ID) }
func (m *message) isResponse() bool     { return m.Method == "" && hasID(m.ID) }

// hasID says whether an id was given; "id": null is no id.
func hasID(id json.RawMessage) bool { return len(id) > 0 && string(id) != "null" }

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// The outgoing shapes: a response holds exactly one of result and error,
// and a null result is still written.
type outResult struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

type outError struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

type outCall struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  any             `json:"params,omitempty"`
}

// errFraming is a message whose header or body could not be read as
// JSON-RPC; the stream goes on after it.
type errFraming struct{ msg string }

func (e *errFraming) Error() string { return e.msg }

// A reader reads base-protocol messages: headers, a blank line, and a body
// of Content-Length bytes.
type reader struct {
	r   *bufio.Reader
	max int // bytes of a body at most
}

func newReader(r io.Reader, max int) *reader {
	return &reader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// read returns the next message. An *errFraming error means that one
// message was bad and the next may be read; any other error ends the
// stream.
func (rd *reader) read() (*message, error) {
	length := -1
	var bad string
	headers := 0
	for {
		line, err := rd.line()
		if err != nil {
			return nil, err
		}
		if line == "" {
			if headers == 0 {
				continue // stray blank lines between messages
			}
			break
		}
		headers++
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Sprintf("malformed header line %q", clip(line))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				bad = fmt.Sprintf("bad Content-Length %q", clip(value))
				continue
			}
			length = n
		}
	}
	if length < 0 {
		if bad == "" {
			bad = "a message without Content-Length"
		}
		return nil, &errFraming{bad}
	}
	if length > rd.max {
		if _, err := io.CopyN(io.Discard, rd.r, int64(length)); err != nil {
			return nil, err
		}
		return nil, &errFraming{fmt.Sprintf("a message of %d bytes, more than the %d allowed, was skipped", length, rd.max)}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(rd.r, body); err != nil {
		return nil, err
	}
	if bad != "" {
		return nil, &errFraming{bad}
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, &errFraming{"not JSON: " + err.Error()}
	}
	return &m, nil
}

// line reads one header line without its line ending. A line longer than
// maxHeader is not a header: it is read past and returned cut short, so
// that it reads as malformed.
func (rd *reader) line() (string, error) {
	var b []byte
	for {
		chunk, err := rd.r.ReadSlice('\n')
		if len(b) < maxHeader {
			b = append(b, chunk[:min(len(chunk), maxHeader-len(b))]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// A writer writes base-protocol messages; it is safe for concurrent use.
type writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error // the first write error: the client is gone
}

func (wr *writer) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	wr.mu.Lock()
	defer wr.mu.Unlock()
	if wr.err != nil {
		return wr.err
	}
	var buf bytes.Buffer
	buf.Grow(len(body) + 32)
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	if _, err := wr.w.Write(buf.Bytes()); err != nil {
		wr.err = err
		return err
	}
	return nil
}

// errClosed is returned to calls waiting for a client that has gone.
var errClosed = errors.New("the connection is closed")
