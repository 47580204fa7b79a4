// Package wire encodes and decodes Jupyter messages (messaging protocol 5.3)
// to and from the ZeroMQ multipart frames that carry them, and signs and
// verifies them with HMAC as the connection file's signature_scheme says.
//
// A message on the wire is
//
//	[identity ...] "<IDS|MSG>" signature header parent_header metadata content [buffer ...]
//
// Parse turns received frames into a Message, refusing frames whose signature
// does not verify; Message.Frames does the reverse. The package knows nothing
// of sockets: the kernel package moves frames between ZeroMQ and this package.
package wire
