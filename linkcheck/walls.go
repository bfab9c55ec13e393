package linkcheck

import (
	"bytes"
	"strings"
)

// DefaultUnverifiable are sites whose answers to a robot say nothing of a
// page: they serve a login wall, a script-only shell or a refusal whatever
// the page, and a deleted post looks like a live one. Any failure there is
// Unverified, never Dead.
var DefaultUnverifiable = []string{
	"twitter.com", "x.com", "t.co", "linkedin.com", "lnkd.in", "instagram.com",
	"facebook.com", "fb.com", "fb.me", "threads.net", "threads.com", "tiktok.com",
}

// DefaultBotBlockers are sites that answer robots with 401, 403, 429 or
// 999 whatever the page: their refusals say nothing of the link, but
// their 404s do.
var DefaultBotBlockers = []string{
	"reddit.com", "quora.com", "medium.com", "researchgate.net",
	"stackoverflow.com", "stackexchange.com", "npmjs.com", "amazon.com", "udemy.com",
	"web.archive.org", "sciencedirect.com", "dl.acm.org", "ieeexplore.ieee.org",
}

// wallHeaders and wallMarks tell a bot wall's challenge page from a real
// refusal: what the big walls put in their headers, and in the page they
// serve instead of the one asked for (lowercased).
var (
	wallHeaders = []struct{ name, value, wall string }{
		{"Cf-Mitigated", "challenge", "a Cloudflare challenge"},
		{"X-Amzn-Waf-Action", "captcha", "an AWS WAF CAPTCHA"},
		{"X-Amzn-Waf-Action", "challenge", "an AWS WAF challenge"},
		{"X-Datadome", "", "a DataDome wall"},
		{"X-Sucuri-Block", "", "a Sucuri firewall"},
	}
	wallMarks = []struct{ mark, wall string }{
		{"/cdn-cgi/challenge-platform/", "a Cloudflare challenge"},
		{"cf_chl_opt", "a Cloudflare challenge"},
		{"cf-browser-verification", "a Cloudflare challenge"},
		{"captcha-delivery.com", "a DataDome wall"},
		{"px-captcha", "a PerimeterX wall"},
		{"_incapsula_resource", "an Imperva wall"},
		{"sucuri website firewall", "a Sucuri firewall"},
		{"challenges.cloudflare.com/turnstile", "a CAPTCHA"},
		{"www.google.com/recaptcha/", "a CAPTCHA"},
		{"hcaptcha.com/1/api.js", "a CAPTCHA"},
	}
)

// botWall names the bot wall that answered instead of the page, or "".
func botWall(resp *response) string {
	if !refusal(resp.StatusCode) {
		return ""
	}
	for _, h := range wallHeaders {
		if v, ok := resp.Header[h.name]; ok && (h.value == "" || len(v) > 0 && strings.EqualFold(strings.TrimSpace(v[0]), h.value)) {
			return h.wall
		}
	}
	if len(resp.body) == 0 {
		return ""
	}
	body := bytes.ToLower(resp.body)
	for _, m := range wallMarks {
		if bytes.Contains(body, []byte(m.mark)) {
			return m.wall
		}
	}
	return ""
}
