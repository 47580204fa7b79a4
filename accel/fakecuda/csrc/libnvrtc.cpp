// A fake libnvrtc.so.13. "Compiling" a program runs the host C++ compiler
// on the CUDA source with shim.h, producing a shared object that exports
// fakecuda_launch_<kernel> for each extern "C" __global__ kernel. The "PTX"
// is a text naming that object and the kernels; the fake libcuda loads it.
// FAKECUDA_DIR is where shim.h is and objects go; FAKECUDA_CXX the compiler.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace {

enum {
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
};

struct Program {
    std::string src, name, log, ptx;
};

int counter;

std::vector<std::string> kernelNames(const std::string& src) {
    std::vector<std::string> names;
    const std::string marker = "__global__ void";
    for (size_t at = src.find(marker); at != std::string::npos; at = src.find(marker, at + 1)) {
        size_t i = at + marker.size();
        while (i < src.size() && src[i] == ' ') ++i;
        size_t j = i;
        while (j < src.size() && (isalnum((unsigned char)src[j]) || src[j] == '_')) ++j;
        if (j > i) names.push_back(src.substr(i, j - i));
    }
    return names;
}

std::string readFile(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

} // namespace

extern "C" {

int nvrtcVersion(int* major, int* minor) {
    *major = 13;
    *minor = 0;
    return NVRTC_SUCCESS;
}

int nvrtcCreateProgram(void** prog, const char* src, const char* name, int numHeaders,
                       const char* const*, const char* const*) {
    if (!prog || !src || numHeaders != 0) return NVRTC_ERROR_INVALID_INPUT;
    *prog = new Program{src, name ? name : "default_program", "", ""};
    return NVRTC_SUCCESS;
}

int nvrtcCompileProgram(void* handle, int numOptions, const char* const* options) {
    Program* p = static_cast<Program*>(handle);
    if (!p) return NVRTC_ERROR_INVALID_PROGRAM;
    std::string arch;
    for (int i = 0; i < numOptions; ++i) {
        std::string o = options[i];
        if (o.rfind("--gpu-architecture=compute_", 0) == 0) {
            arch = o;
        } else {
            p->log = "nvrtc: error: unrecognized option " + o + "\n";
            return NVRTC_ERROR_INVALID_OPTION;
        }
    }
    if (arch.empty()) {
        p->log = "fakecuda: no --gpu-architecture=compute_XY option\n";
        return NVRTC_ERROR_INVALID_OPTION;
    }
    const char* dir = getenv("FAKECUDA_DIR");
    const char* cxx = getenv("FAKECUDA_CXX");
    if (!dir || !cxx) {
        p->log = "fakecuda: FAKECUDA_DIR and FAKECUDA_CXX must be set\n";
        return NVRTC_ERROR_COMPILATION;
    }
    std::string base = std::string(dir) + "/prog-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    std::ofstream(base + ".cu") << p->src;
    std::ofstream wrapper(base + ".cpp");
    wrapper << "#include \"" << dir << "/shim.h\"\n#include \"" << base << ".cu\"\n";
    std::vector<std::string> names = kernelNames(p->src);
    for (const std::string& k : names) {
        wrapper << "extern \"C\" void fakecuda_launch_" << k
                << "(const unsigned* g, const unsigned* b, void** p) { fakecuda_launch(" << k << ", g, b, p); }\n";
    }
    wrapper.close();
    std::string cmd = std::string(cxx) + " -std=c++17 -O1 -w -shared -fPIC -o " + base + ".so " + base + ".cpp > " + base + ".log 2>&1";
    if (system(cmd.c_str()) != 0) {
        p->log = readFile(base + ".log");
        return NVRTC_ERROR_COMPILATION;
    }
    p->ptx = "// fakecuda PTX for " + p->name + " (" + arch + ")\n// so " + base + ".so\n";
    for (const std::string& k : names) p->ptx += ".entry " + k + "\n";
    return NVRTC_SUCCESS;
}

int nvrtcGetProgramLogSize(void* handle, size_t* n) {
    *n = static_cast<Program*>(handle)->log.size() + 1;
    return NVRTC_SUCCESS;
}

int nvrtcGetProgramLog(void* handle, char* out) {
    const std::string& log = static_cast<Program*>(handle)->log;
    memcpy(out, log.c_str(), log.size() + 1);
    return NVRTC_SUCCESS;
}

int nvrtcGetPTXSize(void* handle, size_t* n) {
    Program* p = static_cast<Program*>(handle);
    if (p->ptx.empty()) return NVRTC_ERROR_INVALID_PROGRAM;
    *n = p->ptx.size() + 1;
    return NVRTC_SUCCESS;
}

int nvrtcGetPTX(void* handle, char* out) {
    Program* p = static_cast<Program*>(handle);
    if (p->ptx.empty()) return NVRTC_ERROR_INVALID_PROGRAM;
    memcpy(out, p->ptx.c_str(), p->ptx.size() + 1);
    return NVRTC_SUCCESS;
}

int nvrtcDestroyProgram(void** prog) {
    delete static_cast<Program*>(*prog);
    *prog = nullptr;
    return NVRTC_SUCCESS;
}

const char* nvrtcGetErrorString(int rc) {
    switch (rc) {
    case NVRTC_SUCCESS: return "NVRTC_SUCCESS";
    case NVRTC_ERROR_INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
    case NVRTC_ERROR_INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
    case NVRTC_ERROR_INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
    case NVRTC_ERROR_COMPILATION: return "NVRTC_ERROR_COMPILATION";
    }
    return "NVRTC_ERROR unknown";
}

} // extern "C"
