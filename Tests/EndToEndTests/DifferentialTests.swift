import Foundation
import Testing

/// The two bundle verifiers agree (issue 11): tools/differential.py mutates a real bundle (field edits, deletions,
/// swaps, moved events, re-hashing with the published format, re-signing with the trainee's key, stripped signatures,
/// id games, the position and curriculum objects, the JSON text) and requires `logbook verify --bundle` and
/// tools/verify_bundle.py to give the same verdict on each, every meaning-changing mutation rejected. A bounded count
/// here (a new seed each run, printed on failure); `tools/differential.sh N` runs as many as you like.
@Suite("Differential: logbook verify --bundle and verify_bundle.py agree on mutated bundles")
struct DifferentialTests {
    static let count = 120  // ~55 s for 200 with the whole suite in parallel on 2 cores; this stays well under 60 s

    @Test("120 mutations of a real bundle: the same verdict from both verifiers, every meaningful change rejected")
    func agree() throws {
        guard let box = try AttackTests().prepared("the differential test (tools/differential.py mutates and re-signs with it)") else { return }
        defer { box.cleanup() }
        let seed = String(Int(Date().timeIntervalSince1970))
        let script = AttackTests.root.appendingPathComponent("tools/differential.py").path
        let result = try Binary.runTool("/usr/bin/env", [
            "python3", script, Binary.path, box.folder.appendingPathComponent("bundle.json").path, box.keyDirectory + "/sek.a.pub",
            box.keyDirectory, String(DifferentialTests.count), seed,
        ])
        print(result.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect(result.status == 0, "seed \(seed):\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 failures"), "\(result.stdout)")
    }
}
