package kernel

import "github.com/petridish-go/petridish/kernel/wire"

// Info describes the kernel and its language in kernel_info_reply.
type Info struct {
	// Implementation names the kernel ("petridish").
	Implementation string
	// ImplementationVersion is the kernel's version.
	ImplementationVersion string
	// Language describes the language cells are written in.
	Language LanguageInfo
	// Banner is the text console front-ends print on connecting.
	Banner string
	// HelpLinks appear in the front-end's Help menu.
	HelpLinks []HelpLink
}

// LanguageInfo is kernel_info_reply's language_info.
type LanguageInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	MIMEType       string `json:"mimetype"`
	FileExtension  string `json:"file_extension"`
	PygmentsLexer  string `json:"pygments_lexer"`
	CodeMirrorMode string `json:"codemirror_mode"`
}

// HelpLink is one entry of kernel_info_reply's help_links.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

type kernelInfoReply struct {
	Status                string       `json:"status"`
	ProtocolVersion       string       `json:"protocol_version"`
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          LanguageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []HelpLink   `json:"help_links"`
	Debugger              bool         `json:"debugger"`
}

// kernelInfo is the kernel_info_reply content: Info, and whether the
// executor serves the debugger protocol.
func (k *Kernel) kernelInfo() kernelInfoReply {
	r := k.info.reply()
	_, r.Debugger = k.exec.(DebugHandler)
	return r
}

func (i Info) reply() kernelInfoReply {
	links := i.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	return kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       wire.ProtocolVersion,
		Implementation:        i.Implementation,
		ImplementationVersion: i.ImplementationVersion,
		LanguageInfo:          i.Language,
		Banner:                i.Banner,
		HelpLinks:             links,
	}
}
