# Värdkommuner och studiebesök, på svenska.

theme-municipal_finance = Kommunal ekonomi
theme-gender_equality = Jämställdhet
theme-citizen_participation = Medborgardialog
theme-urban_planning = Samhällsplanering
theme-climate_environment = Klimat och miljö
theme-service_delivery = Välfärd och service
theme-anti_corruption = Antikorruption

language-en = Engelska
language-sv = Svenska
language-fr = Franska
language-es = Spanska
language-pt = Portugisiska
language-ru = Ryska
language-ar = Arabiska

team-role-politician = Politiker
team-role-official = Tjänsteperson
team-role-civil_society = Företrädare för civilsamhället
team-role-other = Annat

host-state-requested = Väntar på godkännande
host-state-approved = Godkänd
host-state-declined = Avböjd

visit-state-requested = Förfrågan
visit-state-accepted = Accepterat
visit-state-declined = Avböjt
visit-state-planned = Planerat
visit-state-held = Genomfört
visit-state-reported = Rapporterat
visit-state-cancelled = Inställt

visit-step-accept = Acceptera besöket
visit-step-decline = Avböj besöket
visit-step-plan = Markera som planerat
visit-step-held = Besöket är genomfört
visit-step-report = Lämna rapporten
visit-step-cancel = Ställ in besöket

hosts-visitors = { $count } besökare
hosts-teams = { $count ->
    [one] { $count } grupp åt gången
   *[other] { $count } grupper per period
}
hosts-period-n = Period { $n }

hosts-register-title = Ta emot ett studiebesök
hosts-register-lead = Varje år tar ett tjugotal svenska kommuner och regioner emot grupper på 2–4 tjänstepersoner och politiker från ICLD:s utbildningsprogram för ett tvådagars studiebesök. Berätta vad ni kan visa och när det passar er, så hör vi av oss.
hosts-register-submit = Skicka vårt erbjudande
hosts-municipalities = Kommuner
hosts-regions = Regioner
hosts-field-municipality = Kommun eller region
hosts-hint-municipality = Från den officiella förteckningen, med kod.
hosts-field-contact-name = Kontaktperson
hosts-field-person-name = Namn
hosts-field-email = E-postadress
hosts-field-phone = Telefonnummer
hosts-field-themes = Det här kan vi visa
hosts-hint-themes = Välj alla teman som era medarbetare kan presentera.
hosts-field-languages = Språk som era medarbetare kan ta emot på
hosts-field-max-visitors = Antal besökare ni kan ta emot samtidigt
hosts-hint-max-visitors = En grupp är oftast 2–4 personer, en hel omgång ungefär 25.
hosts-field-teams = Antal grupper ni kan ta emot under en period
hosts-hint-teams = Lämna tomt för en.
hosts-field-periods = Perioder som passar er
hosts-hint-periods = Upp till tre perioder, första och sista dag.
hosts-field-period-from = Första dag
hosts-field-period-to = Sista dag
hosts-field-note = Något mer vi bör veta
hosts-thanks-title = Tack för ert erbjudande
hosts-thanks-lead = Vi har tagit emot ert erbjudande att ta emot studiebesök.
hosts-thanks-next = Programteamet går igenom det inom kort. När det är godkänt får kontaktpersonen ett mejl med en länk för att skapa ett konto.

hosts-error-required = Fyll i det här.
hosts-error-control-characters = Ta bort styrtecknen ur texten.
hosts-error-too-long = Texten är för lång.
hosts-error-unknown-choice = Välj i listan.
hosts-error-choose-one = Välj minst ett alternativ.
hosts-error-number = Ange ett heltal inom gränserna.
hosts-error-date = Ange båda datumen som ÅÅÅÅ-MM-DD.
hosts-error-period-order = Sista dagen får inte vara före den första.
hosts-error-period-needed = Ange minst en period.
hosts-error-municipality = Välj er kommun eller region i listan.
hosts-error-email = Ange en e-postadress, till exempel namn@kommun.se.
hosts-error-phone = Ange ett telefonnummer med minst fem siffror.
hosts-error-already-registered = Den här kommunen eller regionen har redan erbjudit sig att ta emot besök; programteamet har erbjudandet.
hosts-error-agenda-day = Välj en av besöksdagarna.
hosts-error-agenda-order = Sluttiden måste vara efter starttiden.
hosts-error-time = Ange tiderna som TT:MM.
hosts-error-money = Ange ett belopp i kronor, till exempel 1 960,00.
hosts-error-covers = Ange vad ersättningen täcker.

hosts-list-title = Värdkommuner
hosts-list-lead = Erbjudanden om att ta emot studiebesök, de som väntar först. Kommuner anmäler sig via den öppna sidan
hosts-list-empty = Ingen kommun eller region har erbjudit sig ännu.
hosts-col-host = Värd
hosts-col-state = Läge
hosts-col-contact = Kontaktperson
hosts-col-capacity = Besökare samtidigt
hosts-decide-title = Godkänn eller avböj erbjudandet
hosts-field-decision-reason = Skäl
hosts-hint-decision-reason = Behövs om ni avböjer; kontaktpersonen får läsa det.
hosts-approve = Godkänn och bjud in kontaktpersonen
hosts-decline = Avböj
hosts-declined-because = Avböjt eftersom
hosts-approved-flash = Erbjudandet är godkänt och kontaktpersonen inbjuden. Engångslänken:
hosts-approved-existing-flash = Erbjudandet är godkänt; kontaktpersonens konto kan nu svara för värden.
hosts-declined-flash = Erbjudandet är avböjt och kontaktpersonen har fått veta varför.
hosts-invite-title = Bjud in en kollega
hosts-invite-lead = Alla ni bjuder in kan se och svara på värdens studiebesök.
hosts-invite-submit = Skicka inbjudan
hosts-invited-flash = Inbjudan är på väg.
hosts-visits-title = Studiebesök
hosts-no-visits = Inga studiebesök ännu.

hosting-title = Våra studiebesök
hosting-none = Ditt konto hör inte till någon värd ännu.
hosting-offer = Det här erbjuder vi
hosting-calendar = Kalender
hosting-calendar-lead = Prenumerera i din kalenderapp för att se era studiebesök. Håll adressen för er själva: den som har den kan läsa kalendern.
hosting-calendar-create = Skapa en kalenderadress
hosting-calendar-renew = Skapa en ny adress (den gamla slutar fungera)
hosting-calendar-flash = Kalendern har fått en ny adress.

visit-title = Studiebesök i { $host }
visit-col-dates = Datum
visit-col-cohort = Programomgång
visit-col-state = Läge
visit-theme = Tema
visit-reason = Angivet skäl
visit-field-reason = Skäl
visit-hint-reason = Behövs för att avböja eller ställa in; den andra parten får läsa det.
visit-moved-flash = Besöket är nu: { $state }.
visit-team = Gruppen som kommer
visit-team-reference = Grupp
visit-team-organisation = Organisation
visit-team-country = Land
visit-team-project = Förändringsprojekt
visit-team-summary = Vad projektet vill uppnå
visit-team-members = Deltagare
visit-member-name = Namn
visit-member-role = Roll
visit-member-position = Befattning
visit-agenda = Program
visit-agenda-hint = En rad per punkt; tomma rader hoppas över. När ni sparar programmet för ett accepterat besök blir det planerat.
visit-agenda-row = Punkt { $n }
visit-agenda-day = Dag
visit-agenda-starts = Börjar
visit-agenda-ends = Slutar
visit-agenda-time = Tid
visit-agenda-topic = Ämne
visit-agenda-place = Plats
visit-agenda-people = Medverkande
visit-agenda-save = Spara programmet
visit-agenda-empty = Inget program ännu.
visit-agenda-flash = Programmet är sparat.
visit-logistics = Praktiska frågor
visit-field-transport = Lokala resor
visit-hint-transport = Vem som ordnar dem, och hur.
visit-field-lodging = Logi
visit-hint-lodging = Vem som bokar, och var.
visit-field-compensation = Ersättning till värden (kronor)
visit-hint-compensation = Frivilligt; den förs in i omgångens budget.
visit-field-covers = Vad ersättningen täcker
visit-logistics-save = Spara de praktiska frågorna
visit-logistics-flash = De praktiska frågorna är sparade.
visit-report = Rapport efter besöket
visit-field-shown = Vad vi visade
visit-field-learned = Vad besökarna lärde sig
visit-field-contacts = Kontakter för uppföljning
visit-hint-contacts = Namn och e-postadresser som gruppen kan höra av sig till.
visit-report-submit = Lämna rapporten
visit-report-flash = Tack! Rapporten är inlämnad och programteamet kan läsa den.
visit-report-later = Rapporten skrivs efter besöket.

board-title = Matchning
board-window = Besöksdagar
board-lead = Förslaget placerar så många grupper som möjligt och sedan den bästa matchningen: två poäng per gemensamt tema, en för ett gemensamt språk. Ändra värd innan ni skickar förfrågningarna.
board-no-window = Omgångens Sverigefas har inga besöksdagar ännu; planera dem först.
board-caption = Grupper och värdar.
board-total-fit = Föreslagen total matchning: { $fit }.
board-col-team = Grupp
board-col-size = Personer
board-col-themes = Förändringsprojektets teman
board-col-host = Värd
board-col-why = Varför
board-no-visit = Inget besök
board-why = { $host }: matchning { $fit } ({ $themes }{ $languages ->
    [0] ; inget gemensamt språk
   *[other] ; gemensamt språk
})
board-why-none = Ingen värd kan ta emot gruppen under besöksdagarna.
board-send = Skicka förfrågningarna
board-hosts = Värdar under besöksdagarna
board-no-hosts = Ingen godkänd värd har en period som täcker besöksdagarna.
board-places-left = { $count ->
    [one] en plats kvar
   *[other] { $count } platser kvar
}
board-error-host = Välj en värd i listan.
board-error-not-allowed = Värden kan inte ta emot gruppen under besöksdagarna.
board-sent-flash = { $count ->
    [one] En förfrågan har skickats.
   *[other] { $count } förfrågningar har skickats.
}

calendar-host-name = Studiebesök: { $host }
calendar-visit-summary = Studiebesök: { $team }
calendar-visit-description = Grupp { $team } från { $cohort }.

hosts-mail-signature = ITP Admin, ICLD
hosts-mail-registered-subject = Ert erbjudande om studiebesök: { $host }
hosts-mail-registered-body = Tack för att { $host } vill ta emot studiebesök. Programteamet går igenom erbjudandet och svarar per mejl.
hosts-mail-invitation-subject = Ditt konto för studiebesök i { $host }
hosts-mail-invitation-body = Hej { $name }!

    Ett konto har skapats åt dig i ITP Admin så att du kan svara på studiebesök i { $host }. Välj ditt lösenord med den här länken (den fungerar en gång):

    { $link }
hosts-mail-access-subject = Du kan nu svara för { $host }
hosts-mail-access-body = Hej { $name }!

    Ditt konto kan nu svara på studiebesök i { $host }. Logga in:

    { $link }
hosts-mail-declined-offer-subject = Ert erbjudande om studiebesök: { $host }
hosts-mail-declined-offer-body = Tack för att { $host } vill ta emot studiebesök. Den här gången kan vi inte ta emot erbjudandet: { $reason }
hosts-mail-requested-subject = Förfrågan om studiebesök i { $host }
hosts-mail-requested-body = Programteamet frågar om { $host } kan ta emot grupp { $team } den { $dates }. Acceptera eller avböj här:

    { $link }
hosts-mail-accepted-subject = { $host } har accepterat studiebesöket
hosts-mail-accepted-body = { $host } har accepterat studiebesöket av grupp { $team } den { $dates }.

    { $link }
hosts-mail-declined-subject = { $host } har avböjt studiebesöket
hosts-mail-declined-body = { $host } kan inte ta emot grupp { $team } den { $dates }: { $reason }

    { $link }
hosts-mail-planned-subject = Programmet för studiebesöket i { $host }
hosts-mail-planned-body = Studiebesöket av grupp { $team } i { $host } den { $dates } är planerat.

    { $link }
hosts-mail-held-subject = Studiebesöket i { $host } är genomfört
hosts-mail-held-body = Studiebesöket av grupp { $team } i { $host } den { $dates } är registrerat som genomfört. Lämna gärna er rapport:

    { $link }
hosts-mail-reported-subject = { $host } har lämnat rapport om studiebesöket
hosts-mail-reported-body = { $host } har lämnat sin rapport om studiebesöket av grupp { $team } den { $dates }.

    { $link }
hosts-mail-cancelled-subject = Studiebesöket i { $host } är inställt
hosts-mail-cancelled-body = Studiebesöket av grupp { $team } i { $host } den { $dates } är inställt: { $reason }

    { $link }
hosts-mail-visit-reminder-subject = Påminnelse: studiebesök i { $host } den { $dates }
hosts-mail-visit-reminder-body = Hej { $name }!

    Grupp { $team } kommer på studiebesök till { $host } den { $dates }. Programmet och det praktiska finns här:

    { $link }
