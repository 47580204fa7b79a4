"""The Jupyter kernel conformance tests (jupyter_kernel_test) for petridish.

Every message the kernel sends during these tests is validated against
the messaging protocol's schemas (jupyter_kernel_test.msgspec_v5). The Go
test kernel/conformance_test.go runs this file with unittest, with
PETRIDISH_KERNEL naming the installed kernelspec, and fails on any
failure or skipped test.
"""
import os
import unittest

import jupyter_kernel_test


class PetridishKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("PETRIDISH_KERNEL", "petridish")

    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "to stderr")'

    # Matches replace the name after the dot (cursor_start is there).
    completion_samples = [
        {"text": "fmt.Printl", "matches": {"Println"}},
        {"text": "strings.ToUpp", "matches": {"ToUpper", "ToUpperSpecial"}},
    ]

    complete_code_samples = ["1 + 1", "x := 3", 'fmt.Println("hi")', "func f() int { return 1 }"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {\n\tfmt.Println(i)", "x := []int{\n1,"]
    invalid_code_samples = ["x := )", "func f() { ) }"]

    code_page_something = "fmt.Println?"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": '"go" + "pher"', "result": "gopher"},
        {"code": "6 * 7", "result": "42"},
    ]

    code_display_data = [
        {"code": 'display.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("*slanted*")', "mime": "text/markdown"},
        {"code": "display.Image(image.NewRGBA(image.Rect(0, 0, 4, 4)))", "mime": "image/png"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"

    code_clear_output = "display.Clear(false)"


if __name__ == "__main__":
    unittest.main()
