#include "textflag.h"

// func sigmoidAVX2(x []float64, negS float64) int
//
// sigmoidScalar four lanes at a time: every multiply, add, subtract and
// divide is the scalar loop's, in its order, each rounded (no fused
// multiply-add), and the integer steps take k&63 and (k>>6)<<52 from the
// bits of y = t*64/ln2 + 1.5*2^52, which are those of 1.5*2^52 plus k.
// Constants are in ·sigmoidK, 32 bytes each:
//   0 -708, 32 709, 64 64/ln2, 96 1.5*2^52, 128 mask 63, 160 mask ^63,
//   192 ln2Hi/64, 224 ln2Lo/64, 256 1/2, 288 1/6, 320 1/24, 352 1/120,
//   384 1/720, 416 1.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-40
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSD negS+24(FP), Y15
	LEAQ         ·sigmoidK(SB), DX
	LEAQ         ·expTable(SB), R8
	ANDQ         $-4, CX
	XORQ         AX, AX

loop:
	CMPQ AX, CX
	JGE  done
	VMOVUPD (SI)(AX*8), Y0
	VMULPD  Y15, Y0, Y1            // t = -s * x
	VCMPPD  $0x1e, 0(DX), Y1, Y2   // t > -708 (false for NaN)
	VCMPPD  $0x11, 32(DX), Y1, Y3  // t < 709
	VANDPD  Y3, Y2, Y2
	VMOVMSKPD Y2, BX
	CMPQ    BX, $15
	JNE     done

	VMULPD  64(DX), Y1, Y3         // t * invLn2N
	VADDPD  96(DX), Y3, Y3         // y = t*invLn2N + shift
	VSUBPD  96(DX), Y3, Y4         // kf = y - shift
	VPAND   128(DX), Y3, Y5        // k & 63
	VPSUBQ  96(DX), Y3, Y6         // k = bits(y) - bits(shift)
	VPAND   160(DX), Y6, Y6
	VPSLLQ  $46, Y6, Y6            // (k>>6)<<52 = (k &^ 63) << 46

	VMULPD  192(DX), Y4, Y7        // kf * ln2HiN
	VSUBPD  Y7, Y1, Y7             // t - kf*ln2HiN
	VMULPD  224(DX), Y4, Y8        // kf * ln2LoN
	VSUBPD  Y8, Y7, Y7             // r

	VMULPD  Y7, Y7, Y8             // r2
	VMULPD  Y8, Y8, Y9             // r4
	VMULPD  288(DX), Y7, Y10       // r * (1/6)
	VADDPD  256(DX), Y10, Y10      // a = 1/2 + r/6
	VMULPD  352(DX), Y7, Y11       // r * (1/120)
	VADDPD  320(DX), Y11, Y11      // 1/24 + r/120
	VMULPD  384(DX), Y8, Y12       // r2 * (1/720)
	VADDPD  Y12, Y11, Y11          // b
	VMULPD  Y10, Y8, Y10           // r2*a
	VMULPD  Y11, Y9, Y11           // r4*b
	VADDPD  Y11, Y10, Y10
	VADDPD  Y10, Y7, Y10           // q = r + (r2*a + r4*b)

	VPCMPEQQ   Y12, Y12, Y12       // gather every lane
	VXORPD     Y13, Y13, Y13
	VGATHERQPD Y12, (R8)(Y5*8), Y13 // tb = expTable[k&63]
	VMULPD  Y10, Y13, Y14          // tb * q
	VADDPD  Y14, Y13, Y14          // tb + tb*q
	VPADDQ  Y6, Y14, Y14           // e
	VADDPD  416(DX), Y14, Y14      // 1 + e
	VMOVUPD 416(DX), Y0
	VDIVPD  Y14, Y0, Y0            // 1 / (1 + e)
	VMOVUPD Y0, (SI)(AX*8)
	ADDQ    $4, AX
	JMP     loop

done:
	MOVQ AX, ret+32(FP)
	VZEROUPPER
	RET

// func axpyRowsAVX(out *float64, nout, ostride, cols int, coef *float64, crs, ccs int, rows *float64, rstride, nterms int)
//
// For each output row o < nout and column j < cols, with
// c_t = coef[o*crs + t*ccs] and r_t = rows[t*rstride + j]:
//   out[o*ostride+j] = ((out + c_0 r_0) + c_1 r_1) + ...
// every product and sum rounded on its own (no fused multiply-add), as the
// plain loops do, four columns at a time, then two, then one. nterms must
// be at least 1. Strides are in elements.
TEXT ·axpyRowsAVX(SB), NOSPLIT, $0-80
	MOVQ out+0(FP), DI
	MOVQ nout+8(FP), R8
	MOVQ ostride+16(FP), R9
	MOVQ cols+24(FP), R10
	MOVQ coef+32(FP), SI
	MOVQ crs+40(FP), R11
	MOVQ ccs+48(FP), R12
	MOVQ rows+56(FP), DX
	MOVQ rstride+64(FP), R13
	MOVQ nterms+72(FP), R14
	SHLQ $3, R9
	SHLQ $3, R11
	SHLQ $3, R12
	SHLQ $3, R13

rowloop:
	TESTQ R8, R8
	JZ    done
	XORQ  AX, AX

chunk4:
	LEAQ    4(AX), BX
	CMPQ    BX, R10
	JGT     chunk2
	VMOVUPD (DI)(AX*8), Y0
	MOVQ    SI, CX
	LEAQ    (DX)(AX*8), BX
	MOVQ    R14, R15

term4:
	VBROADCASTSD (CX), Y1
	VMULPD       (BX), Y1, Y1
	VADDPD       Y1, Y0, Y0
	ADDQ         R12, CX
	ADDQ         R13, BX
	DECQ         R15
	JNZ          term4
	VMOVUPD      Y0, (DI)(AX*8)
	ADDQ         $4, AX
	JMP          chunk4

chunk2:
	LEAQ    2(AX), BX
	CMPQ    BX, R10
	JGT     chunk1
	VMOVUPD (DI)(AX*8), X0
	MOVQ    SI, CX
	LEAQ    (DX)(AX*8), BX
	MOVQ    R14, R15

term2:
	VMOVDDUP (CX), X1
	VMULPD   (BX), X1, X1
	VADDPD   X1, X0, X0
	ADDQ     R12, CX
	ADDQ     R13, BX
	DECQ     R15
	JNZ      term2
	VMOVUPD  X0, (DI)(AX*8)
	ADDQ     $2, AX

chunk1:
	CMPQ   AX, R10
	JGE    nextrow
	VMOVSD (DI)(AX*8), X0
	MOVQ   SI, CX
	LEAQ   (DX)(AX*8), BX
	MOVQ   R14, R15

term1:
	VMOVSD (CX), X1
	VMULSD (BX), X1, X1
	VADDSD X1, X0, X0
	ADDQ   R12, CX
	ADDQ   R13, BX
	DECQ   R15
	JNZ    term1
	VMOVSD X0, (DI)(AX*8)
	INCQ   AX
	JMP    chunk1

nextrow:
	ADDQ R9, DI
	ADDQ R11, SI
	DECQ R8
	JMP  rowloop

done:
	VZEROUPPER
	RET
