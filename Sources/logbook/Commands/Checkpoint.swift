import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook checkpoint --as SECRETARIAT`: a signed checkpoint of the log's Merkle tree where no server runs (issue 29).
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: Help.abstract("help.checkpoint"), discussion: Help.text("help.checkpoint.discussion"))
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let made = try Checkpoints.bySecretariat(session)
        print(t("checkpoint.made", [
            "id": String(made.id), "size": String(made.treeSize), "root": made.rootHash, "signer": made.signer, "time": made.madeAt,
        ]))
    }
}
