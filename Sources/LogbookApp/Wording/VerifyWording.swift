import LogbookDomain
import LogbookFormats
import LogbookStore

/// What `logbook verify` (a database or a bundle) reports, worded in the reader's language: the domain's and the
/// formats' structured problems (`ChainFault`, `BundleFault`, the head witness), with event ids, fingerprints and
/// hashes as placeholders. The texts are in catalog/<language>-verify.txt.
extension Texts {
    /// One line of `verify`: "event 12: was changed after it was recorded…", "hændelse 12: …".
    public func chainProblem(_ problem: ChainProblem) -> String {
        self("verify.problem", ["event": String(problem.eventID), "problem": chainFault(problem.fault)])
    }

    /// A key's validity: "valid 2026-06-15 to 2027-06-30, revoked by event 9 on 2026-12-01".
    public func keyValidity(_ validity: KeyValidity) -> String {
        var arguments = ["from": date(validity.from)]
        var key = "verify.validity.from"
        if let until = validity.until {
            key = "verify.validity.fromTo"
            arguments["until"] = date(until)
        }
        if let event = validity.revokedBy, let on = validity.revokedOn {
            key += ".revoked"
            arguments["event"] = String(event)
            arguments["date"] = date(on)
        }
        return self(key, arguments)
    }

    /// A department kind as stored in the log ("hospital", "general-practice"), in words.
    func departmentKind(_ raw: String) -> String {
        switch raw {
        case WorkplaceKind.hospital.rawValue: return self("department.kind.short.hospital")
        case WorkplaceKind.generalPractice.rawValue: return self("department.kind.short.generalPractice")
        default: return raw
        }
    }

    /// What is wrong with one event, as a clause that follows "event 12: ".
    public func chainFault(_ fault: ChainFault) -> String {
        func id(_ value: Int64) -> String { String(value) }
        switch fault {
        case .changed: return self("verify.chain.changed")
        case .outOfOrder(let follows, let expected?):
            return self("verify.chain.outOfOrder", ["follows": id(follows), "expected": id(expected)])
        case .outOfOrder(let follows, nil): return self("verify.chain.outOfOrder.first", ["follows": id(follows)])
        case .inserted(let after): return self("verify.chain.inserted", ["after": after.map(id) ?? "?"])
        case .firstRemoved: return self("verify.chain.firstRemoved")
        case .removedBetween(let before, let after):
            return self("verify.chain.removedBetween", ["before": id(before), "after": id(after)])
        case .inAuthorityChain(let inner): return self("verify.chain.authority", ["problem": chainFault(inner)])
        case .idNotPositive(let value): return self("verify.id.notPositive", ["id": id(value)])
        case .idNotIncreasing(let previous): return self("verify.id.notIncreasing", ["previous": id(previous)])
        case .idUsedTwice: return self("verify.id.twice")
        case .wrongPosition(let belongs?, let chain):
            return self("verify.chain.wrongPosition", ["belongs": id(belongs), "chain": id(chain)])
        case .wrongPosition(nil, let chain): return self("verify.chain.wrongPosition.none", ["chain": id(chain)])
        case .positionEventInAuthorityChain(let position):
            return self("verify.chain.positionEventInAuthority", ["position": id(position)])
        case .positionKindInAuthorityChain(let kind): return self("verify.chain.positionKindInAuthority", ["kind": kind])
        case .authorityKindInPosition(let kind): return self("verify.chain.authorityKindInPosition", ["kind": kind])
        case .positionKindInKeyChain(let kind): return self("verify.chain.positionKindInKeyChain", ["kind": kind])
        case .migratedNotFact: return self("verify.migrated.notFact")
        case .migratedNameAgain(let handle): return self("verify.migrated.nameAgain", ["handle": handle])
        case .migratedUntrusted: return self("verify.migrated.untrusted")
        case .bootstrapGrantUntrusted(let holder): return self("verify.bootstrapGrant.untrusted", ["holder": holder])
        case .revocationNamesNothing: return self("verify.field.revocationNamesNothing")
        case .revokesOnNonRevocation: return self("verify.field.revokesOnNonRevocation")
        case .competencyField: return self("verify.field.competency")
        case .courseField: return self("verify.field.course")
        case .noActor: return self("verify.field.noActor")
        case .revocationWithoutReason: return self("verify.field.noReason")
        case .carriesPayload(let kind): return self("verify.field.payload", ["kind": kind])
        case .payloadNot(let kind): return self("verify.payload.\(kind.rawValue)")
        case .departmentDisagrees(let code, let kind, let region, let knownKind, let knownRegion):
            return self("verify.department.disagrees", [
                "code": code, "kind": departmentKind(kind), "region": region, "knownKind": departmentKind(knownKind),
                "knownRegion": knownRegion,
            ])
        case .makerNotAllowed(let refusal): return self("verify.rule.maker", ["refusal": self.refusal(refusal)])
        case .registrarNotAllowed(let refusal): return self("verify.rule.registrar", ["refusal": self.refusal(refusal)])
        case .revokerNotAllowed(let holder, let refusal):
            return self("verify.rule.revoker", ["holder": holder, "refusal": self.refusal(refusal)])
        case .endsNoGrant(let event): return self("verify.grantEnd.noGrant", ["event": id(event)])
        case .endsEndedGrant(let event): return self("verify.grantEnd.ended", ["event": id(event)])
        case .endsOutsideGrant(let event, let on, let from, let until?):
            return self("verify.grantEnd.outside", ["event": id(event), "date": date(on), "from": date(from), "until": date(until)])
        case .endsOutsideGrant(let event, let on, let from, nil):
            return self("verify.grantEnd.outside.open", ["event": id(event), "date": date(on), "from": date(from)])
        case .endsNoGrantBefore: return self("verify.grantEnd.noGrantBefore")
        case .registersKeyAgain(let fingerprint, let first):
            return self("verify.key.again", ["fingerprint": fingerprint, "first": id(first)])
        case .ownKeyNotFirst(let actor, let fingerprint):
            return self("verify.key.ownNotFirst", ["actor": actor, "fingerprint": fingerprint])
        case .bootstrapByNonSecretariat(let actor, let day):
            return self("verify.key.bootstrapNotSecretariat", ["actor": actor, "date": date(day)])
        case .bindsAgain(let position?): return self("verify.position.bindsAgain", ["position": id(position)])
        case .bindsAgain(nil): return self("verify.position.bindsAgain.none")
        case .bindingNotFirst: return self("verify.position.bindingNotFirst")
        case .beforeBinding: return self("verify.position.beforeBinding")
        case .assignsWithoutPosition: return self("verify.position.assignsWithout")
        case .absenceWithoutPosition: return self("verify.position.absenceWithout")
        case .withdrawalWithoutPosition: return self("verify.position.withdrawalWithout")
        case .revokesNoKey(let event): return self("verify.key.revokesNoKey", ["event": id(event)])
        case .revokesNoStandingKey(let event): return self("verify.key.revokesNoStanding", ["event": event.map(id) ?? "?"])
        case .revokesKeyAgain(let event, let by): return self("verify.key.revokedAgain", ["event": id(event), "by": id(by)])
        case .withdrawsUnknownAbsence(let event): return self("verify.absence.unknown", ["event": id(event)])
        case .competencyNotListed(let code): return self("verify.competency.notListed", ["code": code])
        case .courseNotListed(let course): return self("verify.course.notListed", ["course": course])
        case .approvesAgain(let what, let standing): return self("verify.approval.again", ["what": what, "standing": id(standing)])
        case .beforeStart(let day, let start): return self("verify.approval.beforeStart", ["date": date(day), "start": date(start)])
        case .timeAgain(let standing): return self("verify.time.again", ["standing": id(standing)])
        case .timeOutsideWindow(let day, let from, let end):
            return self("verify.time.outsideWindow", ["date": date(day), "from": date(from), "end": date(end)])
        case .elementAgain(let standing): return self("verify.element.again", ["standing": id(standing)])
        case .elementIncomplete(let missing, let time):
            let items = missing + (time ? [self("verify.element.missingTime")] : [])
            return self("verify.element.incomplete", ["missing": items.joined(separator: ", ")])
        case .statementUnderElement(let element): return self("verify.statement.underElement", ["element": id(element)])
        case .statementAgain(let standing): return self("verify.statement.again", ["standing": id(standing)])
        case .statementNotOngoing(let day, let start, let end):
            return self("verify.statement.notOngoing", ["date": date(day), "start": date(start), "end": date(end)])
        case .revokesOutsideChain(let event): return self("verify.revocation.outsideChain", ["event": id(event)])
        case .revokesNonAct(let event, let kind): return self("verify.revocation.nonAct", ["event": id(event), "kind": kind])
        case .revokesRevoked(let event): return self("verify.revocation.revoked", ["event": id(event)])
        case .revokesUnderElement(let event, let element):
            return self("verify.revocation.underElement", ["event": id(event), "element": id(element)])
        case .requestNotByTrainee(let actor, let trainee): return self("verify.request.notByTrainee", ["actor": actor, "trainee": trainee])
        case .requestToNonApprover(let to, let refusal): return self("verify.request.toNonApprover", ["to": to, "refusal": self.refusal(refusal)])
        case .requestUnknown(let event): return self("verify.request.unknown", ["event": id(event)])
        case .requestClosed(let event): return self("verify.request.closed", ["event": id(event)])
        case .requestDoesNotAsk(let event, let what): return self("verify.request.doesNotAsk", ["event": id(event), "what": what])
        case .declineNotByAddressee(let actor, let addressee):
            return self("verify.request.declineNotByAddressee", ["actor": actor, "addressee": addressee])
        case .withdrawalNotByTrainee(let actor, let trainee):
            return self("verify.request.withdrawalNotByTrainee", ["actor": actor, "trainee": trainee])
        case .reasonMissing(let kind): return self("verify.field.reasonMissing", ["kind": kind])
        case .afterCancellation(let cancellation): return self("verify.position.afterCancellation", ["event": id(cancellation)])
        case .cancelsApproved(let event): return self("verify.position.cancelsApproved", ["event": id(event)])
        case .bootstrapNotSigned(let fingerprint): return self("verify.signature.bootstrapNotSigned", ["fingerprint": fingerprint])
        case .bootstrapUntrusted(let fingerprint, let holder):
            return self("verify.signature.bootstrapUntrusted", ["fingerprint": fingerprint, "holder": holder])
        case .signatureNotBase64: return self("verify.signature.notBase64")
        case .keyNotValidOn(let actor, let fingerprint, let day, let event, let validity):
            return self("verify.signature.keyNotValidOn", ["actor": actor, "fingerprint": fingerprint, "date": date(day),
                                                            "event": id(event), "validity": keyValidity(validity)])
        case .keyNotValidFor(let actor, let fingerprint, let day, let event, let validity):
            return self("verify.signature.keyNotValidFor", ["actor": actor, "fingerprint": fingerprint, "date": date(day),
                                                             "event": id(event), "validity": keyValidity(validity)])
        case .signedWithTraineeKey(let trainee, let fingerprint, let actor):
            return self("verify.signature.traineeKey", ["trainee": trainee, "fingerprint": fingerprint, "actor": actor])
        case .signedWithUnstandingKey(let actor, let fingerprint, let event, let validity):
            return self("verify.signature.unstandingKey", ["actor": actor, "fingerprint": fingerprint, "event": id(event),
                                                            "validity": keyValidity(validity)])
        case .signedWithOthersKey(let holder, let fingerprint, let actor):
            return self("verify.signature.othersKey", ["holder": holder, "fingerprint": fingerprint, "actor": actor])
        case .signatureMismatch(let actor, let fingerprint):
            return self("verify.signature.mismatch", ["actor": actor, "fingerprint": fingerprint])
        case .signedWithoutKey(let actor): return self("verify.signature.withoutKey", ["actor": actor])
        case .signedByUnregisteredKey(let actor, let day):
            return self("verify.signature.unregisteredKey", ["actor": actor, "date": date(day)])
        case .unsignedWithKey(let actor, let fingerprint, let event, let validity):
            return self("verify.signature.unsigned", ["actor": actor, "fingerprint": fingerprint, "event": id(event),
                                                       "validity": keyValidity(validity)])
        case .unsignedWithKeyOn(let actor, let fingerprint, let event, let validity, let day):
            return self("verify.signature.unsignedOn", ["actor": actor, "fingerprint": fingerprint, "event": id(event),
                                                         "validity": keyValidity(validity), "date": date(day)])
        case .untrustedChain(let holder, let fingerprint, let event, let noTrustGiven):
            return self(noTrustGiven ? "verify.signature.untrusted.noTrust" : "verify.signature.untrusted",
                        ["holder": holder, "fingerprint": fingerprint, "event": id(event)])
        case .roleNotHeld(let actor, let role, let day):
            return self("verify.rule.roleNotHeld", ["actor": actor, "role": role, "date": date(day)])
        case .sicknessAhead(let kind, let to, let recorded):
            return self("verify.rule.sicknessAhead", ["kind": kind, "to": date(to), "recorded": date(recorded)])
        case .absenceBeforeStart(let from, let start):
            return self("verify.rule.absenceBeforeStart", ["from": date(from), "start": date(start)])
        case .supervisorMovedBeforeActs(let from, let event, let day):
            return self("verify.rule.supervisorMoved", ["from": date(from), "event": id(event), "date": date(day)])
        case .absenceUnderAttestation(let withdrawal, let element, let attestation, let day):
            return self(withdrawal ? "verify.rule.withdrawalUnderAttestation" : "verify.rule.absenceUnderAttestation", [
                "what": self(element ? "verify.rule.attestation.element" : "verify.rule.attestation.time"), "date": date(day),
                "event": id(attestation)])
        case .absenceAfterEnd(let from, let end):
            return self("verify.rule.absenceAfterEnd", ["from": date(from), "end": date(end)])
        case .absenceEndTooLate(let end, let start, let last):
            return self("verify.rule.absenceEndTooLate", ["end": date(end), "start": date(start), "last": date(last),
                                                           "years": String(DateBounds.positionYears)])
        case .absenceToOutside(let to, let end):
            return self("verify.rule.absenceToOutside", ["to": date(to), "end": date(end)])
        case .absenceOverlaps(let from, let to, let other, let otherFrom, let otherTo):
            return self("verify.rule.absenceOverlaps", ["from": date(from), "to": date(to), "other": id(other),
                                                         "otherFrom": date(otherFrom), "otherTo": date(otherTo)])
        case .supervisorOutside(let from, let start, let end):
            return self("verify.rule.supervisorOutside", ["from": date(from), "start": date(start), "end": date(end)])
        case .supervisorWithoutGrant(let handle, let department, let from):
            return self("verify.rule.supervisorWithoutGrant", ["handle": handle, "code": department, "from": date(from)])
        case .supervisorGrantEnded(let handle, let department, let from, let recorded):
            return self("verify.rule.supervisorGrantEnded", ["handle": handle, "code": department, "from": date(from),
                                                              "recorded": date(recorded)])
        case .keyOutsideBundle(let holder, let fingerprint, let event):
            return self("verify.signature.outsideBundle", ["holder": holder, "fingerprint": fingerprint, "event": id(event)])
        case .unsignedUnderTrust: return self("verify.signature.unsignedUnderTrust")
        case .unknownAuthentication(let method): return self("verify.server.unknownAuthentication", ["method": method])
        case .serverEventUnsigned(let actor, let method): return self("verify.server.unsigned", ["actor": actor, "method": method])
        case .serverKeyNotValidOn(let name, let fingerprint, let day, let event, let validity):
            return self("verify.server.keyNotValidOn", ["name": name, "fingerprint": fingerprint, "date": date(day), "event": id(event),
                                                         "validity": keyValidity(validity)])
        case .serverEventSignedByPerson(let holder, let fingerprint):
            return self("verify.server.signedByPerson", ["holder": holder, "fingerprint": fingerprint])
        case .serverEventNotByServerKey(let actor): return self("verify.server.notByServerKey", ["actor": actor])
        case .serverSignatureWithoutAuthentication(let name, let fingerprint):
            return self("verify.server.withoutAuthentication", ["name": name, "fingerprint": fingerprint])
        case .serverKeyByNonSecretariat(let actor, let day):
            return self("verify.server.registrarNotSecretariat", ["actor": actor, "date": date(day)])
        case .unreadable(let column, let problem): return self("verify.unreadable", ["column": column, "problem": problem])
        }
    }

    /// A problem in a bundle, as one line: "event 12: …", "the file: …", "key_chain entry 3: …".
    public func bundleProblem(_ problem: BundleProblem) -> String {
        self("verify.bundle.problem", ["place": bundlePlace(problem.place), "problem": bundleFault(problem.fault)])
    }

    /// Where in a bundle a problem is.
    public func bundlePlace(_ place: BundlePlace) -> String {
        switch place {
        case .file: return self("verify.bundle.file")
        case .event(let id): return self("verify.bundle.event", ["event": String(id)])
        case .eventNamed(let id): return self("verify.bundle.event", ["event": id])
        case .entry(let list, let number): return self("verify.bundle.entry", ["list": list, "number": String(number)])
        }
    }

    /// What is wrong in a bundle, as a clause that follows its place.
    public func bundleFault(_ fault: BundleFault) -> String {
        switch fault {
        case .fieldMissing(let field): return self("verify.bundle.fieldMissing", ["field": field])
        case .fieldNotNumber(let field, let value): return self("verify.bundle.fieldNotNumber", ["field": field, "value": value])
        case .noID: return self("verify.bundle.noID")
        case .unknownKind(let kind): return self("verify.bundle.unknownKind", ["kind": kind])
        case .effectiveOnNotDate(let value): return self("verify.bundle.effectiveOnNotDate", ["value": value])
        case .signatureMissing: return self("verify.bundle.signatureMissing")
        case .authenticationNotText: return self("verify.bundle.authenticationNotText")
        case .byteOrderMark: return self("verify.bundle.byteOrderMark")
        case .notUTF8: return self("verify.bundle.notUTF8")
        case .notJSON(let detail, let last?): return self("verify.bundle.notJSON.last", ["detail": detail, "event": String(last)])
        case .notJSON(let detail, nil): return self("verify.bundle.notJSON", ["detail": detail])
        case .notABundle(let format): return self("verify.bundle.notABundle", ["format": format])
        case .noPosition: return self("verify.bundle.noPosition")
        case .noTrainee: return self("verify.bundle.noTrainee")
        case .noList(let list): return self("verify.bundle.noList", ["list": list])
        case .positionDisagrees(let field, let bundle?, let signed):
            return self("verify.bundle.positionDisagrees", ["field": field, "bundle": bundle, "signed": signed])
        case .positionDisagrees(let field, nil, let signed):
            return self("verify.bundle.positionDisagrees.nothing", ["field": field, "signed": signed])
        case .curriculumDisagrees: return self("verify.bundle.curriculumDisagrees")
        case .nameDisagrees(let bundle, let logged):
            return self("verify.bundle.nameDisagrees", ["bundle": bundle ?? self("verify.bundle.nothing"), "logged": logged])
        case .departmentNameDisagrees(let bundle, let logged):
            return self("verify.bundle.departmentNameDisagrees", ["bundle": bundle ?? self("verify.bundle.nothing"), "logged": logged])
        case .noBinding: return self("verify.bundle.noBinding")
        case .chain(let inner): return chainFault(inner)
        case .checkpointUnreadable: return self("verify.bundle.checkpointUnreadable")
        case .checkpointUnsigned(let origin): return self("verify.bundle.checkpointUnsigned", ["origin": origin])
        case .noInclusionProof: return self("verify.bundle.noInclusionProof")
        case .inclusionFails(let index, let size): return self("verify.bundle.inclusionFails", ["index": String(index), "size": String(size)])
        case .treeIndexOutOfOrder(let index, let previous):
            return self("verify.bundle.treeIndexOutOfOrder", ["index": String(index), "previous": String(previous)])
        case .statementUnreadable: return self("verify.bundle.statementUnreadable")
        case .statementDisagrees(let what): return self("verify.bundle.statementDisagrees", ["what": what])
        case .statementUnsigned(let holder): return self("verify.bundle.statementUnsigned", ["holder": holder])
        case .noCheckpoint: return self("verify.bundle.noCheckpoint")
        case .noStatement: return self("verify.bundle.noStatement")
        case .olderThan(let time, let notBefore): return self("verify.bundle.olderThan", ["time": time, "date": notBefore.iso])
        }
    }

    /// Why the log does not reach its head witness.
    /// A name or målbeskrivelse shown beside signed acts that the log does not vouch for (rule R-SHOWN).
    public func shownProblem(_ problem: Verification.ShownProblem) -> String {
        switch problem {
        case .nameDiffers(let handle, let shown, let logged, let event):
            return self("verify.shown.nameDiffers", ["handle": handle, "shown": shown, "logged": logged, "event": String(event)])
        case .unnamed(let handle, let shown):
            return self("verify.shown.unnamed", ["handle": handle, "shown": shown])
        case .departmentNameDiffers(let code, let shown, let logged, let event):
            return self("verify.shown.departmentNameDiffers", ["code": code, "shown": shown, "logged": logged, "event": String(event)])
        case .departmentUnnamed(let code, let shown):
            return self("verify.shown.departmentUnnamed", ["code": code, "shown": shown])
        case .contentDiffers(let specialty, let version, let event):
            return self("verify.shown.contentDiffers", ["specialty": specialty, "version": version, "event": String(event)])
        case .curriculumMissing(let specialty, let version, let event):
            return self("verify.shown.curriculumMissing", ["specialty": specialty, "version": version, "event": String(event)])
        }
    }

    public func headProblem(_ problem: HeadWitness.Problem) -> String {
        switch problem {
        case .rolledBack(let file, let event, let last):
            return self("verify.head.rolledBack", ["file": file, "event": String(event), "last": String(last)])
        case .rewritten(let file, let event, let stored, let recorded):
            return self("verify.head.rewritten", ["file": file, "event": String(event), "stored": stored, "recorded": recorded])
        }
    }

    /// A problem of the database file itself (missing, empty, a folder, cannot be created).
    public func databaseFile(_ problem: DatabaseFileError.Problem) -> String {
        switch problem {
        case .folder(let path): return self("db.file.folder", ["path": path])
        case .notRegular(let path): return self("db.file.notRegular", ["path": path])
        case .empty(let path): return self("db.file.empty", ["path": path])
        case .cannotReach(let path, let reason): return self("db.file.cannotReach", ["path": path, "reason": reason])
        case .missing(let path): return self("db.file.missing", ["path": path])
        case .cannotCreate(let path, let reason, let folder):
            return self("db.file.cannotCreate", ["path": path, "reason": reason, "folder": folder])
        case .cannotCreateFolder(let folder, let reason): return self("db.file.cannotCreateFolder", ["folder": folder, "reason": reason])
        case .needsUpgrade(let path): return self("db.file.needsUpgrade", ["path": path])
        }
    }

    /// A database made by a newer logbook.
    public func schemaTooNew(_ error: SchemaTooNewError) -> String {
        self("db.schemaTooNew", ["path": error.path, "version": String(error.databaseVersion), "known": String(error.knownVersion)])
    }
}
