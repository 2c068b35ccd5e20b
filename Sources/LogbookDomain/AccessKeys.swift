/// Who may register or revoke a signing key (DOMAIN.md "Access", applied to keys).
extension Access {
    /// Whoever may grant every role `holder` holds on `day` may register (and revoke) their key: the secretariat
    /// for a UAO/tutor or a secretariat, the department's UAO/tutor for a hovedvejleder or daglig klinisk vejleder.
    /// A person holding no grant that day but a position that has not ended (a trainee) gets their key from the
    /// UAO/tutor or the secretariat of that position's department. No one registers their own key.
    ///
    /// `departments` are the departments of the holder's grants; `traineeIn` those of their current positions.
    public static func mayRegisterKey(for holder: Actor, departments: [AccessDepartment], traineeIn: [AccessDepartment],
                                      by registrar: Actor, on day: CalendarDate, homeRegion: String? = nil) -> AccessDecision {
        if holder.id == registrar.id {
            return .refused(.ownKey(actor: registrar.handle))
        }
        let standing = holder.grants.filter { $0.isValid(on: day) }
        if standing.isEmpty {
            guard !traineeIn.isEmpty else {
                return .refused(.keyHolderWithoutRole(holder: holder.handle, day: day))
            }
            for department in traineeIn {
                if case .allowed(let permit) = mayStartPosition(in: department, by: registrar, on: day) { return .allowed(permit) }
            }
            return .refused(.notKeyRegistrar(registrar: registrar.handle, holder: holder.handle, departments: traineeIn.map(\.code), day: day))
        }
        var first: Permit?
        for grant in standing {
            let subject: AccessSubject
            switch grant.scope {
            case .region(let region): subject = .region(region)
            case .department(let id):
                guard let department = departments.first(where: { $0.id == id }) else {
                    return .refused(.unknownGrantDepartment(holder: holder.handle, role: grant.role))
                }
                subject = .department(department)
            }
            switch mayGrant(grant.role, in: subject, by: registrar, on: day, homeRegion: homeRegion) {
            case .allowed(let permit): first = first ?? permit
            case .refused(let refusal):
                return .refused(.keyNeedsGranter(holder: holder.handle, role: grant.role, subject: subject, because: refusal))
            }
        }
        return .allowed(first!)
    }
}

/// Who may invite a person to log in (DOMAIN.md "Access", applied to accounts).
extension Access {
    /// Whoever may register `holder`'s key (`mayRegisterKey`, the decision given as `keyDecision`) may invite them. A
    /// newcomer — someone registered who holds no grant and has no position at all yet — has no one who may grant their
    /// roles; they are invited by whoever may register people (a secretariat, UAO or tutor: `mayAddPerson`), who is
    /// also who sees them (the server's scope) and who is told to invite them when they are created.
    public static func mayInvite(keyDecision: AccessDecision, newcomer: Bool, by inviter: Actor, on day: CalendarDate) -> AccessDecision {
        if newcomer, case .refused(.keyHolderWithoutRole) = keyDecision { return mayAddPerson(by: inviter, on: day) }
        return keyDecision
    }
}
