# The page frame and the shared form texts, in English.

layout-skip = Skip to content
layout-main-nav = Main
layout-sign-out = Sign out
layout-footer = ITP Admin · international training programmes
layout-language = Language

nav-my-applications = Your applications
nav-open-calls = Open calls
nav-programmes = Programmes
nav-reviews = Reviews
nav-per-diem = Per diem
nav-exports = Exports
nav-budgets = Budgets
nav-rates = Rates
nav-people = People
nav-audit = Audit log
nav-outbox = Outbox
nav-mail-templates = Mail texts
nav-jobs = Jobs
nav-retention = Retention
nav-hosts = Hosts
nav-hosting = Our study visits

form-problem = There is a problem
form-optional = optional
form-error = Error
form-choose = Choose…
