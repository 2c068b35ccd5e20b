import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain

/// "Min konto → E-mail" (issue 27): a person's mail settings (`Mail.preferences`/`setPreferences`, as
/// `GET|PUT /api/v1/account/mail`), the page every mail's footer and `List-Unsubscribe` point to; and the
/// "send by mail" checkbox of the invitation forms (the partial `invite-mail.mustache`).
extension WebPages {
    func addMailRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("account/mail", use: mailPreferencesPage)
        pages.post("account/mail", use: saveMailPreferences)
    }

    /// The invitation forms' checkbox, when the server sends mail: on, unless a refused form had it off.
    func inviteMailField(_ values: WebForm?) -> Any {
        guard database.configuration.mail != nil else { return false }
        return ["checked": values.map { $0["send"] == "on" } ?? true]
    }

    /// Whether an invitation form asked for the invitation to be mailed (and the server sends mail).
    func inviteBySend(_ values: WebForm) -> Bool {
        database.configuration.mail != nil && values["send"] == "on"
    }

    func renderMailPreferences(_ request: Request, context: ServerRequestContext, refusal: String? = nil) async throws -> String {
        let identity = try context.session()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        let configured = database.configuration.mail != nil
        return try await database.run(as: identity.handle, writing: false, language: language) { session in
            let t = session.texts
            let (person, preferences) = try Mail.preferences(session)
            var data = Self.base(request, language: language, title: t("web.mail.title"), user: person.name, formKey: key)
            data["heading"] = t("web.mail.title")
            data["address"] = person.email.map { t("web.mail.address", ["address": $0]) } ?? t("web.mail.noAddress")
            if !configured { data["notConfigured"] = t("web.mail.notConfigured") }
            if request.uri.queryParameters.get("saved") == "1" { data["saved"] = t("web.mail.saved") }
            data["error"] = Self.section(refusal)
            data["languages"] = Language.allCases.map { option -> [String: Any] in
                ["value": option.rawValue, "label": t("web.mail.language.\(option.rawValue)"), "selected": option.rawValue == preferences.language]
            }
            func choices(_ name: String, _ chosen: MailChoice) -> [[String: Any]] {
                MailChoice.allCases.map { option in
                    ["name": name, "value": option.rawValue, "id": "\(name)-\(option.rawValue)", "label": t("mail.choice.\(option.rawValue)"),
                     "checked": option == chosen]
                }
            }
            data["requests"] = choices("requests", preferences.requests)
            data["answers"] = choices("answers", preferences.answers)
            data["digests"] = DigestChoice.allCases.map { option -> [String: Any] in
                ["name": "digest", "value": option.rawValue, "id": "digest-\(option.rawValue)", "label": t("mail.digestChoice.\(option.rawValue)"),
                 "checked": option == preferences.digest]
            }
            return WebTemplates.render("account-mail", data)
        }
    }

    /// GET /account/mail.
    @Sendable func mailPreferencesPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        WebResponse.html(try await renderMailPreferences(request, context: context))
    }

    /// POST /account/mail: language, requests, answers, digest; then back to the page (303) saying it is saved.
    @Sendable func saveMailPreferences(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let form = context.webForm ?? WebForm()
        let language = WebLanguage.of(request)
        do {
            _ = try await database.run(as: identity.handle, writing: true, language: language) {
                try Mail.setPreferences($0, language: form["language"], requests: form["requests"], answers: form["answers"], digest: form["digest"])
            }
            return WebResponse.redirect("/account/mail?saved=1")
        } catch let error as LogbookError {
            return WebResponse.html(try await renderMailPreferences(request, context: context, refusal: error.shown), status: Problem.status(of: error))
        }
    }
}
