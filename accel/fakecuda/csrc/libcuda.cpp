// A fake libcuda.so.1: the driver-API calls petridish makes, on host memory.
// Device pointers are malloc'd addresses; modules are the shared objects the
// fake NVRTC builds.
//
// A launch runs its blocks one after another, and the threads of a block
// concurrently: thread k of every block runs on worker k of a pool of host
// threads (std::thread, kept for the life of the process and grown to the
// largest block launched), so a block's threads really race. __syncthreads
// is a barrier across them (an atomic generation counter the waiters sleep
// on with C++20 atomic wait, i.e. a futex; a mutex-and-condition-variable
// barrier costs twenty times more with 128 threads on two cores). A
// module without __shared__ variables or __syncthreads (shim.h tells) has
// independent threads: each worker then runs its thread of every block
// without waiting for the others between blocks. A thread calling
// __syncthreads after another thread of its block returned (or returning
// while others wait at one) aborts the process: CUDA leaves that undefined. Between blocks, when every thread of the previous block
// has returned, the block's shared memory (the module's static __shared__
// variables and the launch's dynamic shared memory) is refilled with 0xff
// bytes (NaN doubles), so a kernel that reads shared memory it has not
// written in the same block sees garbage, as on a GPU.
//
// It checks what the real driver checks and a little more: a context must be
// current on the calling thread (so a call off the Device's locked thread
// fails with CUDA_ERROR_INVALID_CONTEXT), copies must stay inside one
// allocation, and launches must respect the block and grid limits.
// FAKECUDA_DEVICES sets the device count (default 1).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <dlfcn.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

namespace {

enum {
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_NO_DEVICE = 100,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_PTX = 218,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_NOT_FOUND = 500,
};

const size_t capacity = size_t(1) << 30;

bool initialized;
int ctxRefs;
char primaryCtx; // its address is the context handle
thread_local void* current;
std::map<CUdeviceptr, size_t> live;
size_t used;

// Runner runs one thread (threadIdx thr) of one block (blockIdx blk) of a
// kernel: the fakecuda_launch_<kernel> entry of a module (see shim.h).
typedef void (*Runner)(const unsigned* grid, const unsigned* block, const unsigned* blk, const unsigned* thr,
                       void* dynamicShared, void** params, void (*sync)());

struct Func {
    Runner run;
    char *sharedBegin, *sharedEnd; // the module's static __shared__ variables
    bool cooperative;              // the module has __shared__ variables or __syncthreads
};

struct Module {
    void* so;
    std::string entries;
    char *sharedBegin = nullptr, *sharedEnd = nullptr;
    bool cooperative = true;
    std::map<std::string, std::unique_ptr<Func>> funcs;
};

// The largest dynamic shared memory a launch may ask for without the
// opt-in attribute, as on real devices.
const unsigned maxDynamicShared = 48 << 10;

// Launch state, written by cuLaunchKernel before it starts the workers and
// read by them until the launch ends; launchMu keeps launches one at a time.
std::mutex launchMu;
struct Launch {
    const Func* fn;
    unsigned g[3], b[3];
    unsigned threads;
    unsigned long long blocks;
    bool cooperative; // the threads of a block wait for each other at its end
    void** params;
    unsigned char* dyn;
    size_t dynBytes;
} L;

// Block state: barrier arrivals and returns, guarded by blockMu; waiters
// sleep on the generation counters.
std::mutex blockMu;
unsigned arrived, exited;
std::atomic<unsigned> barrierGen{0}, blockGen{0}, running{0};

void die(const char* what) {
    fprintf(stderr, "fakecuda: %s (grid %ux%ux%u, block %ux%ux%u)\n", what, L.g[0], L.g[1], L.g[2], L.b[0], L.b[1],
            L.b[2]);
    abort();
}

void waitChange(std::atomic<unsigned>& a, unsigned old) {
    while (a.load(std::memory_order_acquire) == old) a.wait(old, std::memory_order_acquire);
}

// syncthreads is __syncthreads: the last thread of the block to arrive
// releases the others.
void syncthreads() {
    std::unique_lock<std::mutex> lk(blockMu);
    if (exited) die("__syncthreads after a thread of the block returned; every thread must reach every __syncthreads");
    if (++arrived == L.threads) {
        arrived = 0;
        barrierGen.fetch_add(1, std::memory_order_acq_rel);
        lk.unlock();
        barrierGen.notify_all();
        return;
    }
    const unsigned gen = barrierGen.load(std::memory_order_acquire);
    lk.unlock();
    waitChange(barrierGen, gen);
}

void poisonShared() {
    if (L.fn->sharedEnd > L.fn->sharedBegin) memset(L.fn->sharedBegin, 0xff, L.fn->sharedEnd - L.fn->sharedBegin);
    if (L.dynBytes) memset(L.dyn, 0xff, L.dynBytes);
}

// endBlock waits, after a thread returns from the kernel, for the rest of
// its block; the last one resets the shared memory for the next block.
void endBlock() {
    std::unique_lock<std::mutex> lk(blockMu);
    if (arrived) die("a thread returned while others of its block wait at __syncthreads");
    if (++exited < L.threads) {
        const unsigned gen = blockGen.load(std::memory_order_acquire);
        lk.unlock();
        waitChange(blockGen, gen);
        return;
    }
    exited = 0;
    poisonShared();
    blockGen.fetch_add(1, std::memory_order_acq_rel);
    lk.unlock();
    blockGen.notify_all();
}

// Worker k runs thread k of every block of each launch that has more than
// k threads per block; cuLaunchKernel bumps its go counter to start it.
struct Worker {
    std::atomic<unsigned> go{0};
    unsigned k;
};

void work(Worker* w) {
    unsigned seen = 0;
    for (;;) {
        waitChange(w->go, seen);
        seen = w->go.load(std::memory_order_acquire);
        const unsigned thr[3] = {w->k % L.b[0], w->k / L.b[0] % L.b[1], w->k / (L.b[0] * L.b[1])};
        for (unsigned long long i = 0; i < L.blocks; ++i) {
            const unsigned blk[3] = {unsigned(i % L.g[0]), unsigned(i / L.g[0] % L.g[1]),
                                     unsigned(i / ((unsigned long long)L.g[0] * L.g[1]))};
            L.fn->run(L.g, L.b, blk, thr, L.dyn, L.params, syncthreads);
            if (L.cooperative) endBlock();
        }
        if (running.fetch_sub(1, std::memory_order_acq_rel) == 1) running.notify_all();
    }
}

// pool is never freed: its threads sleep until the process exits.
std::deque<Worker>* pool = new std::deque<Worker>;

void runLaunch(const Func* fn, const unsigned* g, const unsigned* b, unsigned sharedMem, void** params) {
    std::lock_guard<std::mutex> lk(launchMu);
    const unsigned threads = b[0] * b[1] * b[2];
    while (pool->size() < threads) {
        pool->emplace_back();
        pool->back().k = unsigned(pool->size() - 1);
        std::thread(work, &pool->back()).detach();
    }
    static std::unique_ptr<unsigned char[]> dyn;
    static size_t dynCap;
    if (sharedMem > dynCap) {
        dyn.reset(new unsigned char[sharedMem]);
        dynCap = sharedMem;
    }
    L = Launch{fn,          {g[0], g[1], g[2]}, {b[0], b[1], b[2]}, threads, (unsigned long long)g[0] * g[1] * g[2],
               fn->cooperative || sharedMem > 0, params, dyn.get(), sharedMem};
    arrived = exited = 0;
    poisonShared();
    running.store(threads, std::memory_order_release);
    for (unsigned k = 0; k < threads; ++k) {
        (*pool)[k].go.fetch_add(1, std::memory_order_acq_rel);
        (*pool)[k].go.notify_one();
    }
    for (unsigned r; (r = running.load(std::memory_order_acquire)) != 0;) running.wait(r, std::memory_order_acquire);
}

int devices() {
    const char* e = getenv("FAKECUDA_DEVICES");
    return e ? atoi(e) : 1;
}

CUresult needContext() {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (current != &primaryCtx || ctxRefs == 0) return CUDA_ERROR_INVALID_CONTEXT;
    return CUDA_SUCCESS;
}

// inside reports whether [p, p+n) lies within one live allocation.
bool inside(CUdeviceptr p, size_t n) {
    auto it = live.upper_bound(p);
    if (it == live.begin()) return false;
    --it;
    return p >= it->first && p + n <= it->first + it->second;
}

} // namespace

#define NEED_CONTEXT() do { CUresult rc = needContext(); if (rc) return rc; } while (0)

extern "C" {

CUresult cuInit(unsigned flags) {
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    if (devices() == 0) return CUDA_ERROR_NO_DEVICE;
    initialized = true;
    return CUDA_SUCCESS;
}

CUresult cuDriverGetVersion(int* v) { *v = 13000; return CUDA_SUCCESS; }

CUresult cuDeviceGetCount(int* n) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    *n = devices();
    return CUDA_SUCCESS;
}

CUresult cuDeviceGet(CUdevice* d, int ordinal) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ordinal < 0 || ordinal >= devices()) return CUDA_ERROR_INVALID_DEVICE;
    *d = ordinal;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char* name, int len, CUdevice d) {
    snprintf(name, len, "Fake CUDA device %d (host emulation)", d);
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int* v, int attr, CUdevice) {
    switch (attr) {
    case 16: *v = 2; return CUDA_SUCCESS;  // multiprocessors
    case 75: *v = 9; return CUDA_SUCCESS;  // compute capability major
    case 76: *v = 0; return CUDA_SUCCESS;  // minor
    }
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice) { *bytes = capacity; return CUDA_SUCCESS; }

CUresult cuDevicePrimaryCtxRetain(void** ctx, CUdevice d) {
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (d < 0 || d >= devices()) return CUDA_ERROR_INVALID_DEVICE;
    ++ctxRefs;
    *ctx = &primaryCtx;
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) {
    if (ctxRefs == 0) return CUDA_ERROR_INVALID_CONTEXT;
    --ctxRefs;
    return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(void* ctx) {
    if (ctx && ctx != &primaryCtx) return CUDA_ERROR_INVALID_CONTEXT;
    current = ctx;
    return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize(void) { NEED_CONTEXT(); return CUDA_SUCCESS; }

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) {
    NEED_CONTEXT();
    if (n == 0) return CUDA_ERROR_INVALID_VALUE;
    if (n > capacity - used) return CUDA_ERROR_OUT_OF_MEMORY;
    void* m = malloc(n);
    if (!m) return CUDA_ERROR_OUT_OF_MEMORY;
    memset(m, 0xff, n); // NaN-filled, as device memory is never zeroed for you
    *p = (CUdeviceptr)m;
    live[*p] = n;
    used += n;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
    NEED_CONTEXT();
    auto it = live.find(p);
    if (it == live.end()) return CUDA_ERROR_INVALID_VALUE;
    used -= it->second;
    live.erase(it);
    free((void*)p);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t n) {
    NEED_CONTEXT();
    if (!inside(dst, n)) return CUDA_ERROR_INVALID_VALUE;
    memcpy((void*)dst, src, n);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t n) {
    NEED_CONTEXT();
    if (!inside(src, n)) return CUDA_ERROR_INVALID_VALUE;
    memcpy(dst, (const void*)src, n);
    return CUDA_SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    NEED_CONTEXT();
    *free = capacity - used;
    *total = capacity;
    return CUDA_SUCCESS;
}

CUresult cuModuleLoadData(void** mod, const void* image) {
    NEED_CONTEXT();
    std::string ptx = static_cast<const char*>(image);
    const std::string head = "// fakecuda PTX", so = "\n// so ";
    size_t at = ptx.find(so);
    if (ptx.rfind(head, 0) != 0 || at == std::string::npos) return CUDA_ERROR_INVALID_PTX;
    std::string path = ptx.substr(at + so.size(), ptx.find('\n', at + 1) - at - so.size());
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) return CUDA_ERROR_INVALID_PTX;
    Module* m = new Module{h, ptx};
    typedef int (*Section)(char**, char**);
    if (Section sec = (Section)dlsym(h, "fakecuda_shared_section")) m->cooperative = sec(&m->sharedBegin, &m->sharedEnd);
    *mod = m;
    return CUDA_SUCCESS;
}

CUresult cuModuleUnload(void* mod) {
    NEED_CONTEXT();
    if (!mod) return CUDA_ERROR_INVALID_HANDLE;
    Module* m = static_cast<Module*>(mod);
    dlclose(m->so);
    delete m;
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(void** fn, void* mod, const char* name) {
    NEED_CONTEXT();
    Module* m = static_cast<Module*>(mod);
    if (!m) return CUDA_ERROR_INVALID_HANDLE;
    if (m->entries.find(".entry " + std::string(name) + "\n") == std::string::npos) return CUDA_ERROR_NOT_FOUND;
    void* f = dlsym(m->so, ("fakecuda_launch_" + std::string(name)).c_str());
    if (!f) return CUDA_ERROR_NOT_FOUND;
    std::unique_ptr<Func>& fp = m->funcs[name];
    if (!fp) fp.reset(new Func{(Runner)f, m->sharedBegin, m->sharedEnd, m->cooperative});
    *fn = fp.get();
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(void* fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                        unsigned bz, unsigned sharedMem, void* stream, void** params, void** extra) {
    NEED_CONTEXT();
    if (!fn || extra || stream || sharedMem > maxDynamicShared) return CUDA_ERROR_INVALID_VALUE;
    if (!gx || !gy || !gz || !bx || !by || !bz) return CUDA_ERROR_INVALID_VALUE;
    if ((unsigned long long)bx * by * bz > 1024 || bz > 64 || gx > 2147483647u || gy > 65535 || gz > 65535) return CUDA_ERROR_INVALID_VALUE;
    const unsigned g[3] = {gx, gy, gz}, b[3] = {bx, by, bz};
    runLaunch(static_cast<Func*>(fn), g, b, sharedMem, params);
    return CUDA_SUCCESS;
}

static const char* errorName(CUresult e) {
    switch (e) {
    case CUDA_SUCCESS: return "CUDA_SUCCESS";
    case CUDA_ERROR_INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case CUDA_ERROR_OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case CUDA_ERROR_NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case CUDA_ERROR_NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case CUDA_ERROR_INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case CUDA_ERROR_INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case CUDA_ERROR_INVALID_PTX: return "CUDA_ERROR_INVALID_PTX";
    case CUDA_ERROR_INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case CUDA_ERROR_NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    }
    return nullptr;
}

CUresult cuGetErrorName(CUresult e, const char** s) {
    *s = errorName(e);
    return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuGetErrorString(CUresult e, const char** s) {
    switch (e) {
    case CUDA_ERROR_OUT_OF_MEMORY: *s = "out of memory"; return CUDA_SUCCESS;
    case CUDA_ERROR_NO_DEVICE: *s = "no CUDA-capable device is detected"; return CUDA_SUCCESS;
    case CUDA_ERROR_INVALID_CONTEXT: *s = "invalid device context"; return CUDA_SUCCESS;
    }
    *s = errorName(e);
    return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

} // extern "C"
