# Sidramen och formulärens gemensamma texter, på svenska.

layout-skip = Hoppa till innehållet
layout-main-nav = Huvudmeny
layout-sign-out = Logga ut
layout-footer = ITP Admin · internationella utbildningsprogram
layout-language = Språk

nav-my-applications = Era ansökningar
nav-open-calls = Öppna utlysningar
nav-programmes = Program
nav-reviews = Bedömningar
nav-per-diem = Traktamente
nav-exports = Exporter
nav-budgets = Budgetar
nav-rates = Belopp
nav-people = Personer
nav-audit = Händelselogg
nav-outbox = Utkorg
nav-mail-templates = Mejltexter
nav-jobs = Schemalagda jobb
nav-retention = Gallring
nav-hosts = Värdar
nav-hosting = Våra studiebesök

form-problem = Något behöver rättas
form-optional = frivilligt
form-error = Fel
form-choose = Välj…
