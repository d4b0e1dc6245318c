package web

import (
	"github.com/egov-vn/egov/internal/app"
	"io/fs"
	"net/http"
)

// routes lists the whole HTTP surface: operations, pages and the JSON API.
func (s *Server) routes() {
	// Operations.
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler)
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))

	// Sign-in.
	s.mux.HandleFunc("GET /{$}", s.root)
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.loginSubmit)
	s.mux.HandleFunc("GET /login/totp", s.totpPage)
	s.mux.HandleFunc("POST /login/totp", s.totpSubmit)
	s.mux.HandleFunc("GET /login/enrol", s.enrolPage)
	s.mux.HandleFunc("POST /login/enrol", s.enrolSubmit)
	s.mux.HandleFunc("POST /logout", s.logout)

	// Public pages.
	s.mux.HandleFunc("GET /lich-lam-viec", s.calendarPublic)
	s.mux.HandleFunc("GET /thu-tuc", s.proceduresPublic)
	s.mux.HandleFunc("GET /thu-tuc/{code}", s.procedurePublic)
	// The public lookup, limited per IP (the page and the API share one limit): the status by the
	// code for anyone; the details (timeline, due date explained) with the applicant's ID number
	// (POST) or the link token sent with each notification (?t=).
	s.mux.HandleFunc("GET /tra-cuu", s.limited(s.limits.lookupIP, s.lookup))
	s.mux.HandleFunc("GET /tra-cuu/{code}", s.limited(s.limits.lookupIP, s.lookup))
	s.mux.HandleFunc("POST /tra-cuu", s.limited(s.limits.lookupIP, s.lookupDetails))
	s.handleLimitedAPI(s.limits.lookupIP, apiRoute{"GET", "/api/v1/public/dossiers/{code}", "Public lookup of a dossier's status by its code: no personal data (public; limited per IP, 429 with Retry-After)", dossierCodeParam, "", "PublicDossier", true}, s.apiPublicDossier)
	s.handleLimitedAPIW(s.limits.lookupIP, apiRoute{"POST", "/api/v1/public/dossiers/{code}/details", "The dossier's timeline in plain words and its due date explained, with the applicant's personal ID number (or tax code) or a lookup link token; a proof that does not match is 404 as an unknown code (public; limited per IP and per code, 429 with Retry-After)", dossierCodeParam, "LookupProof", "PublicDossierDetails", true}, s.apiPublicDossierDetails)

	// The portal's accounts (citizens and businesses): registration, sign-in, profile, their dossiers.
	s.mux.HandleFunc("GET /dang-ky", s.registerPage)
	s.mux.HandleFunc("POST /dang-ky", s.registerSubmit)
	s.mux.HandleFunc("GET /dang-ky/xac-minh", s.verifyPage)
	s.mux.HandleFunc("POST /dang-ky/xac-minh", s.verifySubmit)
	s.mux.HandleFunc("GET /dang-nhap", s.portalLoginPage)
	s.mux.HandleFunc("POST /dang-nhap", s.portalLoginSubmit)
	s.mux.HandleFunc("GET /dang-nhap/oidc", s.oidcStart)
	s.mux.HandleFunc("GET /dang-nhap/oidc/callback", s.oidcCallback)
	s.mux.HandleFunc("POST /dang-xuat", s.citizenPage(s.portalLogout))
	s.mux.HandleFunc("GET /tai-khoan", s.citizenPage(s.portalAccount))
	s.mux.HandleFunc("GET /tai-khoan/thong-tin", s.citizenPage(s.portalProfilePage))
	s.mux.HandleFunc("POST /tai-khoan/thong-tin", s.citizenPage(s.portalProfileSubmit))
	s.mux.HandleFunc("GET /tai-khoan/dia-chi", s.citizenPage(s.portalAddressPage))
	s.mux.HandleFunc("POST /tai-khoan/dia-chi", s.citizenPage(s.portalAddressSubmit))
	s.mux.HandleFunc("POST /tai-khoan/phien/{id}/ket-thuc", s.citizenPage(s.portalRevokeSession))
	s.mux.HandleFunc("GET /ho-so-cua-toi", s.citizenPage(s.myDossiers))
	s.mux.HandleFunc("GET /ho-so-cua-toi/{code}", s.citizenPage(s.myDossier))
	s.mux.HandleFunc("POST /ho-so-cua-toi/{code}/tep", s.citizenUpload(s.myDossierUpload))
	s.mux.HandleFunc("GET /ho-so-cua-toi/{code}/tep/{id}", s.citizenPage(s.myDossierFile))
	s.mux.HandleFunc("POST /ho-so-cua-toi/{code}/bo-sung", s.citizenPage(s.myDossierSupplement))
	s.mux.HandleFunc("POST /ho-so-cua-toi/{code}/rut", s.citizenPage(s.myDossierWithdraw))
	// The online submission wizard: procedure, variant (starts a draft), then the draft's steps.
	s.mux.HandleFunc("GET /nop-ho-so", s.citizenPage(s.submitChoosePage))
	s.mux.HandleFunc("GET /nop-ho-so/{code}", s.citizenPage(s.submitVariantPage))
	s.mux.HandleFunc("POST /nop-ho-so/{code}", s.citizenPage(s.submitStart))
	s.mux.HandleFunc("GET /nop-ho-so/ban-nhap/{id}/{step}", s.citizenPage(s.draftStepPage))
	s.mux.HandleFunc("POST /nop-ho-so/ban-nhap/{id}/{step}", s.citizenPage(s.draftStepPost))
	s.mux.HandleFunc("POST /nop-ho-so/ban-nhap/{id}/giay-to/tai-len", s.citizenUpload(s.draftUpload))
	s.mux.HandleFunc("POST /nop-ho-so/ban-nhap/{id}/giay-to/{file}/xoa", s.citizenPage(s.draftRemoveFile))
	s.mux.HandleFunc("POST /nop-ho-so/ban-nhap/{id}/xoa", s.citizenPage(s.draftDelete))
	// The portal's JSON API: the signed-in account's dossiers and drafts (a portal bearer token
	// or the portal cookie).
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/dossiers", "The caller's own dossiers, newest first, and drafts (portal accounts)", nil, "", "PortalDossierList", false}, s.apiMyDossiers)
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/dossiers/{code}", "One of the caller's dossiers with its timeline in plain words, due date explained, files and the actions allowed; another's is 404 (portal accounts)", dossierCodeParam, "", "PortalDossier", false}, s.apiMyDossier)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/dossiers/{code}/files", "Upload a document asked for by a supplement request (multipart: component, file) (portal accounts)", dossierCodeParam, "PortalFileUpload", "DossierFile", false}, s.apiMyDossierUpload)
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/dossiers/{code}/files/{id}", "Download a file of the caller's dossier (portal accounts)", []apiParam{{"code", "path", "string", "dossier code"}, {"id", "path", "integer", "file"}}, "", "file:application/pdf,image/jpeg,image/png", false}, s.apiMyDossierFile)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/dossiers/{code}/supplement", "Send the supplement: the files uploaded since the request; before reception the dossier is resubmitted, during processing the clock resumes (portal accounts)", dossierCodeParam, "PortalSupplement", "PortalDossier", false}, s.apiMySupplement)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/dossiers/{code}/withdraw", "Ask to withdraw the dossier, with a reason (portal accounts)", dossierCodeParam, "PortalWithdraw", "PortalDossier", false}, s.apiMyWithdraw)
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/drafts", "The caller's drafts, most recently changed first (portal accounts)", nil, "", "DraftList", false}, s.apiMyDrafts)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/drafts", "Start a draft for a procedure offered online, pre-filled from the profile and earlier dossiers (portal accounts)", nil, "NewDraft", "Draft", false}, s.apiCreateDraft)
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/drafts/{id}", "One of the caller's drafts (portal accounts)", idParam, "", "Draft", false}, s.apiMyDraft)
	s.handleCitizenAPI(apiRoute{"PUT", "/api/v1/portal/drafts/{id}", "Save values, the variant or the desk of a draft; all or nothing, a bad value names its key (portal accounts)", idParam, "DraftUpdate", "Draft", false}, s.apiUpdateDraft)
	s.handleCitizenAPI(apiRoute{"DELETE", "/api/v1/portal/drafts/{id}", "Delete a draft (portal accounts)", idParam, "", "Done", false}, s.apiDeleteDraft)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/drafts/{id}/files", "Upload a file to a draft (multipart: component = a component code or form.<field>, file) (portal accounts)", idParam, "PortalFileUpload", "DraftFile", false}, s.apiDraftUpload)
	s.handleCitizenAPI(apiRoute{"DELETE", "/api/v1/portal/drafts/{id}/files/{file}", "Remove a file from a draft (portal accounts)", []apiParam{{"id", "path", "integer", "draft"}, {"file", "path", "integer", "file"}}, "", "Done", false}, s.apiDraftRemoveFile)
	s.handleCitizenAPI(apiRoute{"POST", "/api/v1/portal/drafts/{id}/submit", "Submit a draft: the dossier is created in state Submitted with its code and the draft deleted (portal accounts)", idParam, "", "PortalDossier", false}, s.apiSubmitDraft)

	// Open data (dữ liệu mở): the datasets' pages and downloads, the DCAT-AP catalogue and a
	// subset of CKAN's Action API for harvesters. Public.
	s.mux.HandleFunc("GET /du-lieu-mo", s.openDataPage)
	s.mux.HandleFunc("GET /du-lieu-mo/catalog.jsonld", s.openDataCatalog)
	s.mux.HandleFunc("GET /du-lieu-mo/{file}", s.openDataFile)
	s.mux.HandleFunc("GET /api/3/action/{action}", s.ckanAction)
	s.mux.HandleFunc("POST /api/3/action/{action}", s.ckanAction)

	// The officials' shell.
	s.mux.HandleFunc("GET /home", s.page(s.home))
	s.mux.HandleFunc("GET /account", s.page(s.account))
	s.mux.HandleFunc("POST /account/sessions/{id}/revoke", s.page(s.accountRevokeSession))
	s.mux.HandleFunc("GET /admin/units", s.page(s.unitsPage))
	s.mux.HandleFunc("GET /admin/units/{id}", s.page(s.unitPage))
	s.mux.HandleFunc("POST /admin/units/{id}/children", s.page(s.unitCreateChild))
	s.mux.HandleFunc("POST /admin/units/{id}/close", s.page(s.unitClose))
	s.mux.HandleFunc("GET /admin/staff", s.page(s.staffPage))
	s.mux.HandleFunc("GET /admin/staff/new", s.page(s.staffNewPage))
	s.mux.HandleFunc("POST /admin/staff", s.page(s.staffCreate))
	s.mux.HandleFunc("GET /admin/staff/{id}", s.page(s.staffMemberPage))
	s.mux.HandleFunc("POST /admin/staff/{id}/grants", s.page(s.staffGrant))
	s.mux.HandleFunc("POST /admin/staff/{id}/grants/revoke", s.page(s.staffRevoke))
	s.mux.HandleFunc("POST /admin/staff/{id}/disable", s.page(s.staffDisable))
	s.mux.HandleFunc("POST /admin/staff/{id}/enable", s.page(s.staffEnable))
	s.mux.HandleFunc("POST /admin/staff/{id}/password", s.page(s.staffPassword))
	s.mux.HandleFunc("POST /admin/staff/{id}/totp-reset", s.page(s.staffTOTPReset))
	s.mux.HandleFunc("POST /admin/sessions/{id}/revoke", s.page(s.staffRevokeSession))
	s.mux.HandleFunc("POST /admin/tokens/{id}/revoke", s.page(s.staffRevokeToken))
	s.mux.HandleFunc("GET /admin/audit", s.page(s.auditPage))
	s.mux.HandleFunc("GET /admin/calendars", s.page(s.calendarsPage))
	s.mux.HandleFunc("GET /admin/calendars/{key}", s.page(s.calendarEditPage))
	s.mux.HandleFunc("POST /admin/calendars/{key}", s.page(s.calendarSubmit))
	s.mux.HandleFunc("POST /admin/units/{id}/calendar", s.page(s.unitCalendar))
	s.mux.HandleFunc("GET /admin/procedures", s.page(s.adminProcedures))
	s.mux.HandleFunc("GET /admin/procedures/{code}", s.page(s.adminProcedure))
	s.mux.HandleFunc("POST /admin/procedures/{code}/drafts", s.page(s.adminNewDraft))
	s.mux.HandleFunc("POST /admin/procedures/{code}/versions/{number}", s.pageWithLimit(1<<20, s.adminSaveDraft))
	s.mux.HandleFunc("POST /admin/procedures/{code}/versions/{number}/publish", s.page(s.adminPublish))
	s.mux.HandleFunc("POST /admin/procedures/{code}/versions/{number}/withdraw", s.page(s.adminWithdraw))

	// The back office for dossiers: counter, work list, dossier page and its forms, overview.
	s.mux.HandleFunc("GET /quay", s.page(s.counterPage))
	s.mux.HandleFunc("POST /quay", s.page(s.counterSubmit))
	s.mux.HandleFunc("GET /ho-so", s.page(s.workPage))
	s.mux.HandleFunc("GET /ho-so/{code}", s.page(s.dossierPage))
	s.mux.HandleFunc("POST /ho-so/{code}/actions", s.page(s.dossierAct))
	s.mux.HandleFunc("GET /ho-so/{code}/in/{file}", s.page(s.dossierPrint))
	s.mux.HandleFunc("POST /ho-so/{code}/files", s.pageWithLimit(app.MaxFileSize+64<<10, s.dossierAttach))
	s.mux.HandleFunc("GET /ho-so/{code}/tep/{id}", s.page(s.dossierFile))
	s.mux.HandleFunc("GET /tong-quan", s.page(s.overviewPage))

	// The JSON API: every operation of the pages above, described in the OpenAPI document.
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	s.handleAPI(apiRoute{"GET", "/api/v1/me", "Who is signed in", nil, "", "Me", false}, s.apiMe)
	s.handleAPI(apiRoute{"GET", "/api/v1/units", "List unit versions", unitListParams, "", "UnitList", false}, s.apiUnits)
	s.handleAPI(apiRoute{"GET", "/api/v1/units/{id}", "One unit version with parent, children and predecessors", idParam, "", "UnitDetail", false}, s.apiUnit)
	s.handleAPI(apiRoute{"POST", "/api/v1/units", "Create a unit version", nil, "NewUnit", "Unit", false}, s.apiCreateUnit)
	s.handleAPI(apiRoute{"POST", "/api/v1/units/{id}/close", "Close a unit version (never deleted)", idParam, "CloseUnit", "Unit", false}, s.apiCloseUnit)
	s.handleAPI(apiRoute{"POST", "/api/v1/units/{id}/successors", "Link a successor version", idParam, "Successor", "Unit", false}, s.apiLinkSuccessor)
	s.handleAPI(apiRoute{"POST", "/api/v1/units/{id}/calendar", "Set the calendar a unit uses (\"\" for its parent's)", idParam, "UnitCalendar", "UnitCalendarSet", false}, s.apiUnitCalendar)
	s.handleAPI(apiRoute{"GET", "/api/v1/users", "List officials in the caller's scope", userListParams, "", "UserList", false}, s.apiUsers)
	s.handleAPI(apiRoute{"POST", "/api/v1/users", "Create an official", nil, "NewUser", "User", false}, s.apiCreateUser)
	s.handleAPI(apiRoute{"GET", "/api/v1/users/{id}", "One official", idParam, "", "User", false}, s.apiUser)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/grants", "Grant a role on a unit", idParam, "Grant", "User", false}, s.apiGrant)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/grants/revoke", "Revoke a role on a unit", idParam, "Grant", "User", false}, s.apiRevoke)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/disable", "Disable an account and end its sessions", idParam, "", "User", false}, s.apiDisable)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/enable", "Re-enable an account", idParam, "", "User", false}, s.apiEnable)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/password", "Set a new password and end the sessions", idParam, "Password", "User", false}, s.apiPassword)
	s.handleAPI(apiRoute{"POST", "/api/v1/users/{id}/totp-reset", "Remove the second factor (enrol again at next sign-in)", idParam, "", "User", false}, s.apiTOTPReset)
	s.handleAPI(apiRoute{"GET", "/api/v1/users/{id}/sessions", "Open sessions of an account", idParam, "", "SessionList", false}, s.apiSessions)
	s.handleAPI(apiRoute{"POST", "/api/v1/sessions/{id}/revoke", "End a session", idParam, "", "Done", false}, s.apiRevokeSession)
	s.handleAPI(apiRoute{"GET", "/api/v1/users/{id}/tokens", "API tokens of an account", idParam, "", "TokenList", false}, s.apiTokens)
	s.handleAPI(apiRoute{"POST", "/api/v1/tokens/{id}/revoke", "Revoke an API token", idParam, "", "Done", false}, s.apiRevokeToken)
	s.handleAPI(apiRoute{"GET", "/api/v1/calendar/due", "Due instant of a duration, with its explanation (public)", dueParams, "", "Due", true}, s.apiCalendarDue)
	s.handleAPI(apiRoute{"GET", "/api/v1/calendar/holidays", "Days off and make-up days of a year (public)", holidayParams, "", "YearSchedule", true}, s.apiCalendarHolidays)
	s.handleAPI(apiRoute{"GET", "/api/v1/calendars", "Available working-day calendars", nil, "", "CalendarList", false}, s.apiCalendars)
	s.handleAPI(apiRoute{"GET", "/api/v1/calendars/{key}", "A calendar as its text file", keyParam, "", "CalendarFile", false}, s.apiCalendarFile)
	s.handleAPI(apiRoute{"POST", "/api/v1/calendars/{key}", "Preview, or with confirm apply, a calendar file (root administrators)", keyParam, "PutCalendar", "CalendarChange", false}, s.apiPutCalendar)
	s.handleAPI(apiRoute{"GET", "/api/v1/audit", "Audit records in the caller's scope, newest first", auditParams, "", "AuditList", false}, s.apiAudit)
	s.handleAPI(apiRoute{"GET", "/api/v1/procedures", "Search the procedure catalogue: versions in force on a day, with counts by field (public)", procedureListParams, "", "ProcedureList", true}, s.apiProcedures)
	s.handleAPI(apiRoute{"GET", "/api/v1/procedures/export", "The whole catalogue as a catalogue file (city administrators)", nil, "", "CatalogueFile", false}, s.apiExportProcedures)
	s.handleAPI(apiRoute{"POST", "/api/v1/procedures/import", "Import a catalogue file, all or nothing; problems listed with their paths (city administrators)", organRootParam, "CatalogueFile", "CatalogueImport", false}, s.apiImportProcedures)
	s.handleAPI(apiRoute{"GET", "/api/v1/procedures/{code}", "One procedure with its versions in the catalogue file form (public; drafts for city administrators)", procedureCodeParam, "", "Procedure", true}, s.apiProcedure)
	s.handleAPI(apiRoute{"POST", "/api/v1/procedures/{code}/drafts", "Start a draft from the latest version, or return the draft there is (city administrators)", procedureCodeParam, "", "StoredVersion", false}, s.apiNewDraft)
	s.handleAPI(apiRoute{"PUT", "/api/v1/procedures/{code}/versions/{number}", "Save a draft; the problems that would keep it from being published come back (city administrators)", versionParams, "SaveDraft", "StoredVersion", false}, s.apiSaveDraft)
	s.handleAPI(apiRoute{"GET", "/api/v1/procedures/{code}/versions/{number}/diff", "Differences from the published version it would replace (city administrators)", versionParams, "", "VersionDiff", false}, s.apiVersionDiff)
	s.handleAPI(apiRoute{"POST", "/api/v1/procedures/{code}/versions/{number}/dry-run", "When a dossier received at an instant would be due, step by step; stores nothing (city administrators)", versionParams, "DryRunRequest", "DryRun", false}, s.apiDryRun)
	s.handleAPI(apiRoute{"POST", "/api/v1/procedures/{code}/versions/{number}/publish", "Publish a draft, ending the version it replaces the day before (city administrators)", versionParams, "Publish", "StoredVersion", false}, s.apiPublish)
	s.handleAPI(apiRoute{"POST", "/api/v1/procedures/{code}/versions/{number}/withdraw", "Withdraw a published version; dossiers that pinned it keep it (city administrators)", versionParams, "", "StoredVersion", false}, s.apiWithdraw)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers", "Receive a dossier at the caller's unit (channel 1 direct or 3 post, accepted at once) or record an online submission (channel 2, waits for the desk)", nil, "NewDossier", "Dossier", false}, s.apiReceive)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}", "A dossier with its components, control sheet, timeline and the actions the caller may take now", dossierCodeParam, "", "DossierDetail", false}, s.apiDossier)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/actions", "Take an action on a dossier; 409 illegal_transition when the state machine does not allow it now", dossierCodeParam, "Action", "Dossier", false}, s.apiAct)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/next-units", "The units a transfer or forward may hand the dossier to now", nextUnitParams, "", "UnitList", false}, s.apiNextUnits)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/forms/{form}", "A printable form as PDF: {form} is receipt.pdf, supplement.pdf, refusal.pdf, apology.pdf or control-sheet.pdf", formParams, "", "file:application/pdf", false}, s.apiForm)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/files", "Attach a file (PDF, JPEG or PNG, 10 MB at most) to a component or as the result", dossierCodeParam, "FileUpload", "DossierFile", false}, s.apiAttach)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/files/{id}", "Download an attached file", []apiParam{{"code", "path", "string", "dossier code"}, {"id", "path", "integer", "file"}}, "", "file:application/pdf,image/jpeg,image/png", false}, s.apiFile)
	s.handleAPI(apiRoute{"GET", "/api/v1/inbox", "The caller's dossiers to work on, by due date, with keyset paging", inboxParams, "", "Inbox", false}, s.apiInbox)
	s.handleAPI(apiRoute{"GET", "/api/v1/units/{id}/ledger", "The unit's dossier register (sổ theo dõi hồ sơ) for a period, as PDF or XLSX", ledgerParams, "", "file:application/pdf,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false}, s.apiLedger)

	// Fees paid online (thanh toán phí, lệ phí): the payment page by link token or for officials,
	// the gateway's return page and IPN, an official's confirmation of a transfer, the e-receipt.
	s.mux.HandleFunc("GET /thanh-toan/{code}", s.paymentPage)
	s.mux.HandleFunc("POST /thanh-toan/{code}/cong", s.paymentGateway)
	s.mux.HandleFunc("GET /thanh-toan/{code}/ket-qua", s.paymentReturn)
	s.mux.HandleFunc("GET /thanh-toan/{code}/ket-qua/{token}", s.paymentReturn)
	s.mux.HandleFunc("POST /thanh-toan/{code}/xac-nhan", s.page(s.paymentConfirm))
	s.mux.HandleFunc("POST /thanh-toan/{code}/lien-ket", s.page(s.paymentLink))
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/payments", "The fee due, the VietQR transfer and the payment attempts of a dossier (officials, or anyone with the payment link token)", paymentParams, "", "Payments", true}, s.apiPayments)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/payments", "Start a payment of a dossier awaiting payment: method gateway gives redirect_url, vietqr the transfer to make (officials, or with the link token in the body)", dossierCodeParam, "NewPayment", "Payment", true}, s.apiCreatePayment)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/payments/{ref}", "One payment and its state (officials, or with the link token)", paymentRefParams, "", "Payment", true}, s.apiPayment)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/payments/{ref}/receipt.pdf", "The e-receipt (biên lai điện tử) of a paid payment as PDF (officials, or with the link token)", paymentRefParams, "", "file:application/pdf", true}, s.apiPaymentReceipt)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/payments/confirm-transfer", "Confirm that the dossier's VietQR transfer arrived, matched by its reference on the bank statement (the receiving desk)", dossierCodeParam, "TransferConfirmation", "Payment", false}, s.apiConfirmTransfer)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/payment-link", "Make a new payment link for the applicant (replaces the previous one)", dossierCodeParam, "", "PaymentLink", false}, s.apiPaymentLink)
	s.mux.HandleFunc("GET /api/v1/payments/vnpay/ipn", s.vnpayIPN)
	s.api = append(s.api, apiRoute{"GET", "/api/v1/payments/vnpay/ipn", "The VNPAY gateway's IPN (public, checked by its HMAC-SHA512 signature); answers {RspCode, Message} as VNPAY specifies", nil, "", "IPNAnswer", true})
	// Signed electronic results: the public verification page (also the target of the stamp's QR
	// code), revocation by the signing agency's leaders, and "ký số kết quả" on a dossier.
	s.mux.HandleFunc("GET /xac-thuc", s.verifyPageGet)
	s.mux.HandleFunc("POST /xac-thuc", s.verifyPagePost)
	s.mux.HandleFunc("GET /xac-thuc/{code}", s.verifyPageGet)
	s.mux.HandleFunc("POST /xac-thuc/{code}/thu-hoi", s.page(s.verifyRevoke))
	s.mux.HandleFunc("POST /ho-so/{code}/ky-so", s.page(s.dossierSign))
	s.mux.HandleFunc("GET /ho-so/{code}/ky-so/{sig}", s.page(s.dossierSignedFile))
	s.handleAPI(apiRoute{"POST", "/api/v1/verify", "Verify a signed PDF: signature, integrity, signer, trust and revocation (public; multipart, the PDF as file)", nil, "VerifyUpload", "Verification", true}, s.apiVerify)
	s.handleAPI(apiRoute{"GET", "/api/v1/public/signatures/{code}", "A signed result by its verification code: agency, time, revocation; no personal data (public)", verifyCodeParam, "", "SignedResult", true}, s.apiSignedResult)
	s.handleAPI(apiRoute{"POST", "/api/v1/signatures/{code}/revoke", "Revoke a signed result, with a reason (leaders of the signing agency)", verifyCodeParam, "Revoke", "SignedResult", false}, s.apiRevokeSignature)
	s.handleAPI(apiRoute{"POST", "/api/v1/dossiers/{code}/sign", "Sign the dossier's result now (ký số kết quả): the result PDF, or a result notice, stamped and signed by the issuing agency", dossierCodeParam, "", "SignedResult", false}, s.apiSignResult)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/signatures", "The dossier's signed results", dossierCodeParam, "", "SignedResultList", false}, s.apiDossierSignatures)
	s.handleAPI(apiRoute{"GET", "/api/v1/dossiers/{code}/signatures/{sig}/file", "Download a signed result PDF", signedFileParam, "", "file:application/pdf", false}, s.apiSignedFile)

	// Notifications to applicants and satisfaction ratings (đánh giá mức độ hài lòng): the rating
	// page for the owner account or the emailed link, the administrators' list of notifications not
	// delivered, and the aggregates per unit and month.
	s.mux.HandleFunc("GET /danh-gia/{code}", s.ratingPage)
	s.mux.HandleFunc("POST /danh-gia/{code}", s.ratingSubmit)
	s.mux.HandleFunc("GET /admin/thong-bao", s.page(s.notificationsPage))
	s.mux.HandleFunc("POST /admin/thong-bao/{id}/gui-lai", s.page(s.notificationRetry))
	s.handleAPI(apiRoute{"POST", "/api/v1/public/dossiers/{code}/rating", "Rate a returned dossier once: the owner account signed in, or with the rating link token (public)", ratingCodeParam, "NewRating", "Rating", true}, s.apiRate)
	s.handleAPI(apiRoute{"GET", "/api/v1/ratings", "Satisfaction ratings per receiving unit and month, in the caller's scope", ratingListParams, "", "RatingList", false}, s.apiRatings)
	s.handleAPI(apiRoute{"GET", "/api/v1/notifications/undelivered", "Notifications to applicants given up or waiting for a retry (administrators)", nil, "", "NotificationList", false}, s.apiUndelivered)
	s.handleAPI(apiRoute{"POST", "/api/v1/notifications/{id}/retry", "Send a given-up notification again (administrators)", idParam, "", "Done", false}, s.apiRetryNotification)

	// Reminders (nhắc việc): the caller's dossiers due within one working day or overdue, as on the home page.
	s.handleAPI(apiRoute{"GET", "/api/v1/reminders", "The caller's dossiers due within one working day and overdue, with the lateness", nil, "", "Reminders", false}, s.apiReminders)

	// Dashboards: the public results of administrative procedures (công khai kết quả giải quyết
	// TTHC) and the leaders' dashboard, their tables as CSV or XLSX, the periodic report (báo cáo
	// tình hình, kết quả giải quyết TTHC) as PDF or XLSX, and the dossiers behind a leader's number.
	s.mux.HandleFunc("GET /cong-khai", s.publicDashboard)
	s.mux.HandleFunc("GET /cong-khai/xuat", s.publicExport)
	s.mux.HandleFunc("GET /bang-dieu-khien", s.page(s.leaderDashboard))
	s.mux.HandleFunc("GET /bang-dieu-khien/xuat", s.page(s.leaderExport))
	s.mux.HandleFunc("GET /bang-dieu-khien/ho-so", s.page(s.dashboardDossiers))
	s.mux.HandleFunc("GET /bang-dieu-khien/bao-cao", s.page(s.situationReport))

	// The applicant's own copies: the signed result of an own dossier, on its page and in the API.
	s.mux.HandleFunc("GET /ho-so-cua-toi/{code}/ket-qua/{sig}", s.citizenPage(s.myDossierResult))
	s.handleCitizenAPI(apiRoute{"GET", "/api/v1/portal/dossiers/{code}/signatures/{sig}/file", "Download the signed result of one of the caller's dossiers, once issued and while not revoked (portal accounts)", signedFileParam, "", "file:application/pdf", false}, s.apiMySignedResult)

	// Statistics (QĐ 766): the indicators, the dashboards' monthly trend and unit ranking, and the publicity figure are public;
	// the dossiers behind a figure are for officials.
	s.handleAPI(apiRoute{"GET", "/api/v1/stats/indicators", "QĐ 766 indicators for the city or a unit over a period, with KPI 2.1 in both modes (public)", statsScopeParams, "", "Indicators", true}, s.apiStatsIndicators)
	s.handleAPI(apiRoute{"GET", "/api/v1/stats/trend", "The dashboards' monthly trend: received, resolved, early, on time, late and in progress per month, KPI 2.1 in the chosen mode; the year before a one-month period; up to the current month (public)", statsScopeParams, "", "StatsTrend", true}, s.apiStatsTrend)
	s.handleAPI(apiRoute{"GET", "/api/v1/stats/units", "The dashboards' ranking of the units directly under the scope (under the city's root units for the city): per unit its figures, KPI 2.1 rate, late count, points and ranks within its level (public)", statsScopeParams, "", "StatsUnits", true}, s.apiStatsUnits)
	s.handleAPI(apiRoute{"GET", "/api/v1/stats/publicity", "Procedures offered online out of all procedures in force, by level (public)", statsUnitParam, "", "Publicity", true}, s.apiStatsPublicity)
	s.handleAPI(apiRoute{"GET", "/api/v1/stats/dossiers", "The dossiers behind one figure of the indicators, keyset-paged; only those the caller may see", statsDossierParams, "", "StatsDossiers", false}, s.apiStatsDossiers)
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
