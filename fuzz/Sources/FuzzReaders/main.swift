#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver: parses libFuzzer's flags from argv and runs `callback` on each input.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

// SwiftPM links an executable with `--defsym main=<Module>_main`, which overrides libFuzzer's `main`: so this
// Swift main hands control to libFuzzer's driver. (LLVMFuzzerTestOneInput must still exist for libFuzzer's
// own, unused, main to link.)
var argumentCount = CommandLine.argc
var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &arguments, { fuzzReaders($0, $1) }))
