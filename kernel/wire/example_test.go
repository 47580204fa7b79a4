package wire_test

import (
	"fmt"

	"github.com/petridish-go/petridish/kernel/wire"
)

func Example() {
	signer, err := wire.NewSigner("hmac-sha256", "secret-from-the-connection-file")
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := wire.New("kernel_info_request", "client", nil, nil)
	req.Identities = [][]byte{[]byte("client-socket")}
	frames := req.Frames(signer) // what goes out on the socket

	got, err := wire.Parse(frames, signer) // what the kernel gets
	if err != nil {
		fmt.Println(err)
		return
	}
	reply, _ := wire.New("kernel_info_reply", "kernel", got, map[string]string{"status": "ok"})
	reply.Identities = got.Identities
	fmt.Println(got.Header.MsgType, "->", reply.Header.MsgType, string(reply.Content))

	frames[len(frames)-1] = []byte(`{"tampered":true}`)
	_, err = wire.Parse(frames, signer)
	fmt.Println(err)
	// Output:
	// kernel_info_request -> kernel_info_reply {"status":"ok"}
	// wire: bad message signature: the HMAC does not match the connection file's key
}
