package model

import "strings"

// Surface says where the person with the failure was using Claude, which decides the steps
// they can take: a claude.ai user cannot raise max_retries, and a developer's SDK has no
// /login. It is read from a finding's events (rules.SurfaceOf), not from the host alone: a
// Claude Code session calls api.anthropic.com like an SDK does.
type Surface string

// The surfaces a finding's fixes are written for.
const (
	SurfaceUnknown    Surface = ""            // the input does not say; the developer's steps are shown
	SurfaceAPI        Surface = "api"         // a developer calling the API directly or through an SDK
	SurfaceWeb        Surface = "claude.ai"   // claude.ai in a browser, or the desktop app (the same web client)
	SurfaceClaudeCode Surface = "claude-code" // Claude Code in a terminal, an IDE or CI
	SurfaceBedrock    Surface = "bedrock"     // Claude on Amazon Bedrock
	SurfaceVertex     Surface = "vertex"      // Claude on Google Vertex AI
	SurfaceProxy      Surface = "proxy"       // a proxy or LLM gateway in front of the API (ANTHROPIC_BASE_URL)
)

// Surfaces lists every known surface in the order `explain` prints their steps: the
// developer's first, since it is the fallback of every other.
var Surfaces = []Surface{SurfaceAPI, SurfaceWeb, SurfaceClaudeCode, SurfaceBedrock, SurfaceVertex, SurfaceProxy}

// Label names the surface for a heading: "claude.ai (browser or desktop app)".
func (s Surface) Label() string {
	switch s {
	case SurfaceAPI:
		return "Developers (SDK or API)"
	case SurfaceWeb:
		return "claude.ai (browser or desktop app)"
	case SurfaceClaudeCode:
		return "Claude Code"
	case SurfaceBedrock:
		return "Amazon Bedrock"
	case SurfaceVertex:
		return "Google Vertex AI"
	case SurfaceProxy:
		return "Through a proxy or gateway (ANTHROPIC_BASE_URL)"
	}
	return "Developers (SDK or API)"
}

// Audience says whom steps are for, to follow "What to do": "for Claude Code", "on
// claude.ai (browser or desktop app)"; "" for an unknown surface.
func (s Surface) Audience() string {
	switch s {
	case SurfaceAPI:
		return "for developers (SDK or API)"
	case SurfaceWeb:
		return "on claude.ai (browser or desktop app)"
	case SurfaceClaudeCode:
		return "in Claude Code"
	case SurfaceBedrock:
		return "on Amazon Bedrock"
	case SurfaceVertex:
		return "on Google Vertex AI"
	case SurfaceProxy:
		return "through a proxy or gateway"
	}
	return ""
}

// ResetMark stands, in a step or a verdict, for the time a limit resets: the report writes
// it as "15:00 CET (in 2 h 10 min from the last failure)" in its --tz, and `explain`, which
// has no input, as ResetUnknown.
const ResetMark = "{reset}"

// ResetUnknown is what ResetMark says when no input gave the time.
const ResetUnknown = "the reset time the message or the usage page gives"

// FillReset writes when into every ResetMark of s; an empty when is ResetUnknown.
func FillReset(s, when string) string {
	if !strings.Contains(s, ResetMark) {
		return s
	}
	if when == "" {
		when = ResetUnknown
	}
	return strings.ReplaceAll(s, ResetMark, when)
}
