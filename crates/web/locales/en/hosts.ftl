# Host municipalities and study visits, in English.

theme-municipal_finance = Municipal finance
theme-gender_equality = Gender equality
theme-citizen_participation = Citizen participation
theme-urban_planning = Urban planning
theme-climate_environment = Climate and environment
theme-service_delivery = Service delivery
theme-anti_corruption = Anti-corruption

language-en = English
language-sv = Swedish
language-fr = French
language-es = Spanish
language-pt = Portuguese
language-ru = Russian
language-ar = Arabic

team-role-politician = Politician
team-role-official = Official
team-role-civil_society = Civil-society representative
team-role-other = Other

host-state-requested = Waiting for approval
host-state-approved = Approved
host-state-declined = Declined

visit-state-requested = Requested
visit-state-accepted = Accepted
visit-state-declined = Declined
visit-state-planned = Planned
visit-state-held = Held
visit-state-reported = Reported
visit-state-cancelled = Cancelled

visit-step-accept = Accept the visit
visit-step-decline = Decline the visit
visit-step-plan = Mark as planned
visit-step-held = The visit has been held
visit-step-report = File the report
visit-step-cancel = Cancel the visit

hosts-visitors = { $count ->
    [one] { $count } visitor
   *[other] { $count } visitors
}
hosts-teams = { $count ->
    [one] { $count } team at a time
   *[other] { $count } teams in a period
}
hosts-period-n = Period { $n }

hosts-register-title = Host a study visit
hosts-register-lead = Every year about twenty Swedish municipalities and regions receive teams of 2–4 officials and politicians from ICLD's training programmes for a two-day study visit. Tell us what you can show and when it suits you; we will be in touch.
hosts-register-submit = Send our offer
hosts-municipalities = Municipalities
hosts-regions = Regions
hosts-field-municipality = Municipality or region
hosts-hint-municipality = From the official list, with its code.
hosts-field-contact-name = Contact person
hosts-field-person-name = Name
hosts-field-email = E-mail address
hosts-field-phone = Phone number
hosts-field-themes = What you can show
hosts-hint-themes = Choose every theme your staff can present.
hosts-field-languages = Languages your staff can host in
hosts-field-max-visitors = Visitors you can take at once
hosts-hint-max-visitors = A team is usually 2–4 people; a whole cohort about 25.
hosts-field-teams = Teams you can take in one period
hosts-hint-teams = Leave empty for one.
hosts-field-periods = Periods that suit you
hosts-hint-periods = Up to three periods, first and last day.
hosts-field-period-from = First day
hosts-field-period-to = Last day
hosts-field-note = Anything else we should know
hosts-thanks-title = Thank you for your offer
hosts-thanks-lead = Your offer to host study visits has been received.
hosts-thanks-next = The programme team will look at it shortly. Once it is approved, the contact person gets an e-mail with a link to create an account.

hosts-error-required = Fill this in.
hosts-error-control-characters = Remove the control characters from the text.
hosts-error-too-long = The text is too long.
hosts-error-unknown-choice = Choose from the list.
hosts-error-choose-one = Choose at least one.
hosts-error-number = Enter a whole number within the limits.
hosts-error-date = Enter both dates as YYYY-MM-DD.
hosts-error-period-order = The last day must not be before the first day.
hosts-error-period-needed = Give at least one period.
hosts-error-municipality = Choose your municipality or region from the list.
hosts-error-email = Enter an e-mail address, like name@example.se.
hosts-error-phone = Enter a phone number with at least five digits.
hosts-error-already-registered = This municipality or region has already offered to host; the programme team has its offer.
hosts-error-agenda-day = Choose a day of the visit.
hosts-error-agenda-order = The end must be after the start.
hosts-error-time = Enter the times as HH:MM.
hosts-error-money = Enter an amount in kronor, such as 1 960,00.
hosts-error-covers = Say what the compensation covers.

hosts-list-title = Host municipalities
hosts-list-lead = Offers to host study visits, waiting ones first. Municipalities offer through the public page
hosts-list-empty = No municipality or region has offered to host yet.
hosts-col-host = Host
hosts-col-state = State
hosts-col-contact = Contact person
hosts-col-capacity = Visitors at once
hosts-decide-title = Approve or decline the offer
hosts-field-decision-reason = Reason
hosts-hint-decision-reason = Needed when you decline; the contact person reads it.
hosts-approve = Approve and invite the contact person
hosts-decline = Decline
hosts-declined-because = Declined because
hosts-approved-flash = The offer is approved and the contact person invited. Their one-time link:
hosts-approved-existing-flash = The offer is approved; the contact person's account can now act for the host.
hosts-declined-flash = The offer is declined; the contact person has been told why.
hosts-invite-title = Invite a colleague
hosts-invite-lead = Everyone you invite can see and answer this host's study visits.
hosts-invite-submit = Send the invitation
hosts-invited-flash = The invitation is on its way.
hosts-visits-title = Study visits
hosts-no-visits = No study visits yet.

hosting-title = Our study visits
hosting-none = Your account does not belong to a host yet.
hosting-offer = What we offer
hosting-calendar = Calendar
hosting-calendar-lead = Subscribe in your calendar app to see your study visits. Keep the address private: anyone with it can read the calendar.
hosting-calendar-create = Create a calendar address
hosting-calendar-renew = Make a new address (the old one stops working)
hosting-calendar-flash = The calendar has a new address.

visit-title = Study visit to { $host }
visit-col-dates = Dates
visit-col-cohort = Programme cohort
visit-col-state = State
visit-theme = Theme
visit-reason = Reason given
visit-field-reason = Reason
visit-hint-reason = Needed to decline or cancel; the other side reads it.
visit-moved-flash = The visit is now: { $state }.
visit-team = The visiting team
visit-team-reference = Team
visit-team-organisation = Organisation
visit-team-country = Country
visit-team-project = Change project
visit-team-summary = What the project wants to achieve
visit-team-members = Members
visit-member-name = Name
visit-member-role = Role
visit-member-position = Position
visit-agenda = Agenda
visit-agenda-hint = One row per item; empty rows are left out. Saving the agenda of an accepted visit marks it as planned.
visit-agenda-row = Item { $n }
visit-agenda-day = Day
visit-agenda-starts = Starts
visit-agenda-ends = Ends
visit-agenda-time = Time
visit-agenda-topic = Topic
visit-agenda-place = Place
visit-agenda-people = People
visit-agenda-save = Save the agenda
visit-agenda-empty = No agenda yet.
visit-agenda-flash = The agenda is saved.
visit-logistics = Logistics
visit-field-transport = Local transport
visit-hint-transport = Who arranges it, and how.
visit-field-lodging = Lodging
visit-hint-lodging = Who books it, and where.
visit-field-compensation = Compensation to the host (SEK)
visit-hint-compensation = Optional; it goes into the cohort's budget.
visit-field-covers = What the compensation covers
visit-logistics-save = Save the logistics
visit-logistics-flash = The logistics are saved.
visit-report = Report after the visit
visit-field-shown = What was shown
visit-field-learned = What the visitors learned
visit-field-contacts = Follow-up contacts
visit-hint-contacts = Names and e-mail addresses for the team to follow up with.
visit-report-submit = File the report
visit-report-flash = Thank you: the report is filed and the programme team can read it.
visit-report-later = The report is written after the visit.

board-title = Matching board
board-window = Study-visit days
board-lead = The suggestion places as many teams as possible, then the best fit: two points per shared theme, one for a shared language. Change any host before you send the requests.
board-no-window = The cohort's Sweden phase has no study-visit days yet; plan them first.
board-caption = Teams and hosts.
board-total-fit = Suggested total fit: { $fit }.
board-col-team = Team
board-col-size = People
board-col-themes = Themes of the change project
board-col-host = Host
board-col-why = Why
board-no-visit = No visit
board-why = { $host }: fit { $fit } ({ $themes }{ $languages ->
    [0] ; no shared language
   *[other] ; shared language
})
board-why-none = No host is available for this team in the window.
board-send = Send the requests
board-hosts = Hosts in the window
board-no-hosts = No approved host has a period covering the window.
board-places-left = { $count ->
    [one] one place left
   *[other] { $count } places left
}
board-error-host = Choose a host from the list.
board-error-not-allowed = This host cannot take this team in the window.
board-sent-flash = { $count ->
    [one] One request was sent.
   *[other] { $count } requests were sent.
}

calendar-host-name = Study visits: { $host }
calendar-visit-summary = Study visit: { $team }
calendar-visit-description = Team { $team } of { $cohort }.

hosts-mail-signature = ITP Admin, ICLD
hosts-mail-registered-subject = Your offer to host study visits: { $host }
hosts-mail-registered-body = Thank you for offering to host study visits in { $host }. The programme team will look at the offer and answer by e-mail.
hosts-mail-invitation-subject = Your account for { $host }'s study visits
hosts-mail-invitation-body = Hello { $name },

    An account has been created for you to answer { $host }'s study visits in ITP Admin. Choose your password with this link (it works once):

    { $link }
hosts-mail-access-subject = You can now act for { $host }
hosts-mail-access-body = Hello { $name },

    Your account can now answer { $host }'s study visits. Sign in:

    { $link }
hosts-mail-declined-offer-subject = Your offer to host study visits: { $host }
hosts-mail-declined-offer-body = Thank you for offering to host study visits in { $host }. This time we cannot take up the offer: { $reason }
hosts-mail-requested-subject = A request for a study visit to { $host }
hosts-mail-requested-body = The programme team asks { $host } to receive team { $team } on { $dates }. Accept or decline:

    { $link }
hosts-mail-accepted-subject = { $host } accepts your study visit
hosts-mail-accepted-body = { $host } has accepted the study visit of team { $team } on { $dates }. The agenda follows:

    { $link }
hosts-mail-declined-subject = { $host } declines the study visit
hosts-mail-declined-body = { $host } cannot receive team { $team } on { $dates }: { $reason }

    { $link }
hosts-mail-planned-subject = The agenda of your study visit to { $host }
hosts-mail-planned-body = The study visit of team { $team } to { $host } on { $dates } is planned. See the agenda and logistics:

    { $link }
hosts-mail-held-subject = Study visit to { $host } held
hosts-mail-held-body = The study visit of team { $team } to { $host } on { $dates } is recorded as held.

    { $link }
hosts-mail-reported-subject = { $host } has reported on the study visit
hosts-mail-reported-body = { $host } has filed its report on the study visit of team { $team } on { $dates }.

    { $link }
hosts-mail-cancelled-subject = Study visit to { $host } cancelled
hosts-mail-cancelled-body = The study visit of team { $team } to { $host } on { $dates } is cancelled: { $reason }

    { $link }
hosts-mail-visit-reminder-subject = Reminder: study visit to { $host } on { $dates }
hosts-mail-visit-reminder-body = Hello { $name },

    Team { $team } comes on a study visit to { $host } on { $dates }. The programme and the practical details are here:

    { $link }
