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
    func inviteMailField(_ values: WebForm?) -> MailInvite? {
        guard database.configuration.mail != nil else { return nil }
        return MailInvite(checked: values.map { $0["send"] == "on" } ?? true)
    }

    /// Whether an invitation form asked for the invitation to be mailed (and the server sends mail).
    func inviteBySend(_ values: WebForm) -> Bool {
        database.configuration.mail != nil && values["send"] == "on"
    }

    func renderMailPreferences(_ request: Request, context: ServerRequestContext, refusal: String? = nil,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try context.session()
        let configured = database.configuration.mail != nil
        let saved = request.uri.queryParameters.get("saved") == "1"
        return try await renderPage(request, context, status: status) { session in
            let (person, preferences) = try Mail.preferences(session, handle: identity.handle)
            return MailPreferencesPage.make(person: person, preferences: preferences, configured: configured, saved: saved,
                                            refusal: refusal, t: session.texts)
        }
    }

    /// GET /account/mail.
    @Sendable func mailPreferencesPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderMailPreferences(request, context: context)
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
            return try await renderMailPreferences(request, context: context, refusal: error.shown, status: Problem.status(of: error))
        }
    }
}

/// The invitation forms' "send by mail" checkbox (only when the server sends mail).
struct MailInvite: Sendable {
    let checked: Bool
}

/// "Min konto → E-mail": the address mail goes to, the language of one's mail, and per kind right away, in the daily
/// digest or never (invitations always go).
struct MailPreferencesPage: WebPage {
    static let template = "account-mail"

    struct Option: Sendable {
        let name, value, id, label: String
        let checked: Bool
    }

    let title, heading, address: String
    let notConfigured: String?
    let saved: String?
    let error: String?
    let languages: [Choice]
    let requests: [Option]
    let answers: [Option]
    let digests: [Option]
    let problem: FormProblem?

    static func make(person: PersonRecord, preferences: MailPreferences, configured: Bool, saved: Bool, refusal: String?,
                     t: Texts) -> MailPreferencesPage {
        func choices(_ name: String, _ chosen: MailChoice) -> [Option] {
            MailChoice.allCases.map { option in
                Option(name: name, value: option.rawValue, id: "\(name)-\(option.rawValue)", label: t("mail.choice.\(option.rawValue)"),
                       checked: option == chosen)
            }
        }
        return MailPreferencesPage(
            title: t("web.mail.title"), heading: t("web.mail.title"),
            address: person.email.map { t("web.mail.address", ["address": $0]) } ?? t("web.mail.noAddress"),
            notConfigured: configured ? nil : t("web.mail.notConfigured"), saved: saved ? t("web.mail.saved") : nil, error: refusal,
            languages: Language.allCases.map {
                Choice(value: $0.rawValue, label: t("web.mail.language.\($0.rawValue)"), selected: $0.rawValue == preferences.language)
            },
            requests: choices("requests", preferences.requests), answers: choices("answers", preferences.answers),
            digests: DigestChoice.allCases.map { option in
                Option(name: "digest", value: option.rawValue, id: "digest-\(option.rawValue)",
                       label: t("mail.digestChoice.\(option.rawValue)"), checked: option == preferences.digest)
            },
            problem: refusal.map { FormProblem(message: $0, href: "#mail-error") })
    }
}
