#include "textflag.h"

// func axpyAVX(a float64, x, y []float64)
// y[i] += a * x[i] for i < len(x), four lanes at a time: VMULPD then VADDPD,
// the same two roundings per element as gonum's SSE2 AxpyUnitary (no fused
// multiply-add), so results are bit for bit the same.
TEXT ·axpyAVX(SB), NOSPLIT, $0-56
	VBROADCASTSD a+0(FP), Y0
	MOVQ x_base+8(FP), SI
	MOVQ x_len+16(FP), CX
	MOVQ y_base+32(FP), DI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX

loop8:
	CMPQ AX, BX
	JGE  tail4
	VMOVUPD (SI)(AX*8), Y1
	VMOVUPD 32(SI)(AX*8), Y2
	VMULPD  Y0, Y1, Y1
	VMULPD  Y0, Y2, Y2
	VADDPD  (DI)(AX*8), Y1, Y1
	VADDPD  32(DI)(AX*8), Y2, Y2
	VMOVUPD Y1, (DI)(AX*8)
	VMOVUPD Y2, 32(DI)(AX*8)
	ADDQ    $8, AX
	JMP     loop8

tail4:
	MOVQ CX, BX
	SUBQ AX, BX
	CMPQ BX, $4
	JL   tail1
	VMOVUPD (SI)(AX*8), Y1
	VMULPD  Y0, Y1, Y1
	VADDPD  (DI)(AX*8), Y1, Y1
	VMOVUPD Y1, (DI)(AX*8)
	ADDQ    $4, AX

tail1:
	CMPQ AX, CX
	JGE  done
	VMOVSD (SI)(AX*8), X1
	VMULSD X0, X1, X1
	VADDSD (DI)(AX*8), X1, X1
	VMOVSD X1, (DI)(AX*8)
	INCQ   AX
	JMP    tail1

done:
	VZEROUPPER
	RET

// func adamAVX(p, g, m, v []float64, c *adamConsts)
// One Adam step over len(p) parameters, four lanes at a time, with the
// operations of mlp.adam in the same order (no fused multiply-add), so the
// results are bit for bit those of the Go loop.
TEXT ·adamAVX(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ c+96(FP), DX
	VBROADCASTSD 0(DX), Y8   // l2
	VBROADCASTSD 8(DX), Y9   // beta1
	VBROADCASTSD 16(DX), Y10 // 1-beta1
	VBROADCASTSD 24(DX), Y11 // beta2
	VBROADCASTSD 32(DX), Y12 // 1-beta2
	VBROADCASTSD 40(DX), Y13 // stepSize
	VBROADCASTSD 48(DX), Y14 // 1/sqrt(1-beta2^t)
	VBROADCASTSD 56(DX), Y15 // eps
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-4, BX

adam4:
	CMPQ AX, BX
	JGE  adam1
	VMOVUPD (DI)(AX*8), Y0       // w
	VMULPD  Y8, Y0, Y1           // l2*w
	VADDPD  (SI)(AX*8), Y1, Y1   // gi = g + l2*w
	VMULPD  (R8)(AX*8), Y9, Y2   // beta1*m
	VMULPD  Y10, Y1, Y3          // (1-beta1)*gi
	VADDPD  Y3, Y2, Y2           // mi
	VMULPD  (R9)(AX*8), Y11, Y4  // beta2*v
	VMULPD  Y12, Y1, Y5          // (1-beta2)*gi
	VMULPD  Y1, Y5, Y5           // (1-beta2)*gi*gi
	VADDPD  Y5, Y4, Y4           // vi
	VMOVUPD Y2, (R8)(AX*8)
	VMOVUPD Y4, (R9)(AX*8)
	VSQRTPD Y4, Y6
	VMULPD  Y14, Y6, Y6          // sqrt(vi)*invSqrtBC2
	VADDPD  Y15, Y6, Y6          // + eps
	VMULPD  Y13, Y2, Y7          // stepSize*mi
	VDIVPD  Y6, Y7, Y7
	VSUBPD  Y7, Y0, Y0           // w - ...
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     adam4

adam1:
	CMPQ AX, CX
	JGE  adamdone
	VMOVSD (DI)(AX*8), X0
	VMULSD X8, X0, X1
	VADDSD (SI)(AX*8), X1, X1
	VMULSD (R8)(AX*8), X9, X2
	VMULSD X10, X1, X3
	VADDSD X3, X2, X2
	VMULSD (R9)(AX*8), X11, X4
	VMULSD X12, X1, X5
	VMULSD X1, X5, X5
	VADDSD X5, X4, X4
	VMOVSD X2, (R8)(AX*8)
	VMOVSD X4, (R9)(AX*8)
	VSQRTSD X4, X4, X6
	VMULSD X14, X6, X6
	VADDSD X15, X6, X6
	VMULSD X13, X2, X7
	VDIVSD X6, X7, X7
	VSUBSD X7, X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ   AX
	JMP    adam1

adamdone:
	VZEROUPPER
	RET
