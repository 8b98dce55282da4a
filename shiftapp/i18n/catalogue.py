"""English source text → Italian. One entry per text people read; `{name}` fields must be the same in
both (a unit test checks it). Sections follow where the text appears."""

from __future__ import annotations

RULES: dict[str, str] = {
    # Staff rules (shiftapp/rules/staff_rules.py)
    "Shift {when} lasts {hours}; shifts must last {shortest}–{longest} h": (
        "Il turno {when} dura {hours}; un turno deve durare {shortest}–{longest} h"
    ),
    "Shift {when} has unknown status '{status}'; use one of {statuses}": (
        "Il turno {when} ha lo stato sconosciuto '{status}'; usa uno tra {statuses}"
    ),
    "Assignment of {employee} has unknown status '{status}'; use proposed or confirmed": (
        "L'assegnazione di {employee} ha lo stato sconosciuto '{status}'; usa proposed o confirmed"
    ),
    "Shift {when} names mission {mission}, which does not exist": (
        "Il turno {when} indica la missione {mission}, che non esiste"
    ),
    "Shift {when} belongs to a mission of another bureau": (
        "Il turno {when} appartiene a una missione di un'altra redazione"
    ),
    "Shift {when} requires the role {role}, which its mission does not staff": (
        "Il turno {when} richiede il ruolo {role}, che la sua missione non prevede"
    ),
    "Shift {when} on {day} has {assigned} people for {capacity} place(s)": (
        "Il turno {when} di {day} ha {assigned} persone per {capacity} posti"
    ),
    "Shift {when} on {day} has {open} open place(s)": "Il turno {when} di {day} ha {open} posti scoperti",
    "Shift {when} on {day} has {seniors} senior(s); at least {required} required": (
        "Il turno {when} di {day} ha {seniors} senior; ne servono almeno {required}"
    ),
    "{employee} has the role {role}; the shift {when} on {day} needs the role {required}": (
        "{employee} ha il ruolo {role}; il turno {when} di {day} richiede il ruolo {required}"
    ),
    "{employee} lacks {skills} for the shift {when} on {day}": (
        "A {employee} mancano {skills} per il turno {when} di {day}"
    ),
    "{employee} is on leave during the shift {when} on {day}": "{employee} è in ferie durante il turno {when} di {day}",
    "{employee} declared they are unavailable during the shift {when} on {day}": (
        "{employee} si è dichiarato non disponibile durante il turno {when} di {day}"
    ),
    "{employee} does not work {weekday}s by preference; assigned {when} on {day}": (
        "{employee} per preferenza non lavora di {weekday}; assegnato {when} di {day}"
    ),
    "{employee} prefers {types} shifts; assigned {when} on {day}": (
        "{employee} preferisce i turni {types}; assegnato {when} di {day}"
    ),
    "{employee} does not work {weekday}s by preference and prefers {types} shifts; assigned {when} on {day}": (
        "{employee} per preferenza non lavora di {weekday} e preferisce i turni {types}; assegnato {when} di {day}"
    ),
    "{employee} is already scheduled {first} and also {second} in {bureau} on {day}": (
        "{employee} è già in turno {first} e anche {second} a {bureau} il {day}"
    ),
    "{employee} is already scheduled {first} and also {second} on {day}": (
        "{employee} è già in turno {first} e anche {second} il {day}"
    ),
    "{employee} has only {rest} rest between {first} and {second}; {required} h required": (
        "{employee} ha solo {rest} di riposo tra {first} e {second}; ne servono {required} h"
    ),
    "{employee} turns around in {rest} between {first} and {second}": (
        "{employee} ha solo {rest} di stacco tra {first} e {second}"
    ),
    "{employee} has {count} shifts in the week of {monday}; at most {most} agreed": (
        "{employee} ha {count} turni nella settimana del {monday}; al massimo {most} concordati"
    ),
    # Load rules (shiftapp/rules/load_rules.py)
    "Order {order} belongs to another branch than unit {unit}": (
        "L'ordine {order} appartiene a una filiale diversa da quella del mezzo {unit}"
    ),
    "Order {order} is from a branch outside the plan": "L'ordine {order} è di una filiale fuori dal piano",
    "Order {order} is for {day}, outside the plan's {first} – {last}": (
        "L'ordine {order} è per {day}, fuori dal periodo del piano {first} – {last}"
    ),
    "Route {route} has {count} vehicles on {day}; at most {most}": (
        "Il giro {route} ha {count} mezzi il {day}; al massimo {most}"
    ),
    "Unit {unit} would serve {count} routes on {day} ({names}); one route per day": (
        "Il mezzo {unit} servirebbe {count} giri il {day} ({names}); un giro al giorno"
    ),
    "Customer {customer} would receive {count} units on {day}; at most {most}": (
        "Il cliente {customer} riceverebbe {count} mezzi il {day}; al massimo {most}"
    ),
    "Unit {unit} would carry {load} kg on {day}; capacity {capacity} kg": (
        "Il mezzo {unit} porterebbe {load} kg il {day}; portata {capacity} kg"
    ),
    "Order {order} is assigned in plans {plans}": "L'ordine {order} è assegnato nei piani {plans}",
    "Order {order} is assigned in two units": "L'ordine {order} è assegnato a due mezzi",
}

TERMS: dict[str, str] = {
    # Shift roles, statuses and other words the app stores and shows
    "editor": "redattore",
    "senior": "senior",
    "correspondent": "corrispondente",
    "driver": "autista",
    "draft": "bozza",
    "proposed": "proposto",
    "confirmed": "confermato",
    "published": "pubblicato",
    "cancelled": "annullato",
    "pending": "in attesa",
    "approved": "approvato",
    "rejected": "respinto",
    "open": "scoperto",
}

SHELL: dict[str, str] = {
    # The shell, the navigation and the page titles
    "Main": "Principale",
    "Help": "Aiuto",
    "Sign out": "Esci",
    "Skip to main content": "Vai al contenuto principale",
    "team leader": "caposervizio",
    "Menu": "Menu",
    "Close help": "Chiudi l'aiuto",
    "Ask": "Chiedi",
    "Ask how to do something": "Chiedi come fare qualcosa",
    "Your question": "La tua domanda",
    "Dashboard": "Bacheca",
    "My shifts": "I miei turni",
    "Schedule": "Programmazione",
    "Schedule health": "Stato della programmazione",
    "Employees": "Dipendenti",
    "My preferences": "Le mie preferenze",
    "Time off": "Assenze",
    "Open shifts": "Turni scoperti",
    "Swaps": "Scambi",
    "Copy & repeat": "Copia e ripeti",
    "Team availability": "Disponibilità del team",
    "Generate schedule": "Genera la programmazione",
    "Delivery plans": "Piani di consegna",
    "Plan board": "Tabellone del piano",
    "Loads": "Carichi",
    "My profile": "Il mio profilo",
    "Inbox": "Notifiche",
    "Inbox ({count} unread)": "Notifiche ({count} da leggere)",
    "Inbox (none unread)": "Notifiche (nessuna da leggere)",
    "staff": "personale",
    "scheduler": "pianificatore",
    "manager": "responsabile",
    "admin": "amministratore",
    "Only team leaders, schedulers, managers and admins can copy weeks and apply templates.": (
        "Solo capiservizio, pianificatori, responsabili e amministratori possono copiare settimane e applicare modelli."
    ),
    "Only team leaders and administrators can view team availability.": (
        "Solo capiservizio e amministratori possono vedere la disponibilità del team."
    ),
    "Only team leaders and administrators can generate schedules.": (
        "Solo capiservizio e amministratori possono generare la programmazione."
    ),
}

SCHEDULE: dict[str, str] = {
    # The schedule page: its time axis, week rows and dialogs (pages/timeline.py, state/timeline.py,
    # state/week_rows.py, services/timeline_axis.py, components/timeline_*)
    # Shifts a team leader sees but may not change (another bureau's), and the month's margin heading
    " read only: another bureau's shift, which you cannot change.": (
        " sola lettura: turno di un'altra redazione, che non puoi modificare."
    ),
    ", read only: only its own bureau's team leaders and the planners change it": (
        ", sola lettura: lo modificano solo i capiservizio della sua redazione e i pianificatori"
    ),
    "People · hours in the weeks shown · most in one week": (
        "Persone · ore nelle settimane mostrate · massimo in una settimana"
    ),
    # The toolbar, the legend and the selected shift's panel
    "Show these bureaus together": "Mostra insieme queste redazioni",
    "Bureaus…": "Redazioni…",
    "Week": "Settimana",
    "Today": "Oggi",
    "Earlier": "Prima",
    "Later": "Dopo",
    "Go to date": "Vai alla data",
    "Add shift": "Aggiungi turno",
    "Accept all": "Accetta tutte",
    "Accept all {count}": "Accetta tutte ({count})",
    "Proposes people for the open places of one bureau in the days shown": (
        "Propone persone per i posti scoperti di una redazione nei giorni mostrati"
    ),
    "Publish…": "Pubblica…",
    "Audit": "Registro",
    (
        "Click a shift, then drag it along the axis or onto another person, or drag its ends to change its "
        "hours; drag an open shift onto a person to assign it; double-click an empty day to add a shift "
        "there; Ctrl- or Shift-click shifts to move them together. Nothing changes before you confirm the "
        "rule check. Keyboard: Add shift, or Tab to a shift and press Enter for Edit…, Copy…, Delete… and "
        "Select. "
    ): (
        "Fai clic su un turno, poi trascinalo lungo l'asse o su un'altra persona, oppure trascinane le estremità "
        "per cambiarne l'orario; trascina un turno scoperto su una persona per assegnarlo; fai doppio clic su un "
        "giorno vuoto per aggiungervi un turno; Ctrl- o Maiusc-clic sui turni per spostarli insieme. Nulla cambia "
        "prima che tu confermi la verifica delle regole. Da tastiera: Aggiungi turno, oppure Tab fino a un turno "
        "e Invio per Modifica…, Copia…, Elimina… e Seleziona. "
    ),
    "Tab to a shift and press Enter to read its details. ": (
        "Premi Tab fino a un turno e Invio per leggerne i dettagli. "
    ),
    (
        "✎ draft · ✓ published · ✱ changed since publishing · ? proposed · ✖ hard conflict · ⚠ soft conflict. "
        "Under each day: places filled of places."
    ): (
        "✎ bozza · ✓ pubblicato · ✱ modificato dopo la pubblicazione · ? proposto · ✖ conflitto vincolante · "
        "⚠ conflitto non vincolante. Sotto ogni giorno: posti coperti su posti."
    ),
    "✓ Accept": "✓ Accetta",
    "✗ Reject": "✗ Rifiuta",
    "◀ a day earlier": "◀ un giorno prima",
    "a day later ▶": "un giorno dopo ▶",
    "Edit…": "Modifica…",
    "Copy…": "Copia…",
    "Delete…": "Elimina…",
    "☑ Selected": "☑ Selezionato",
    "☐ Select": "☐ Seleziona",
    "Select this shift to move it together with others (Ctrl-click does the same)": (
        "Seleziona questo turno per spostarlo insieme ad altri (Ctrl-clic fa lo stesso)"
    ),
    (
        "Select a shift (click it, or Tab to it and press Enter) for its details, proposals, "
        "Edit…, Copy…, Delete… and its audit."
    ): (
        "Seleziona un turno (con un clic, oppure Tab fino al turno e Invio) per i dettagli, le proposte, "
        "Modifica…, Copia…, Elimina… e il suo registro."
    ),
    "Select a shift (click it, or Tab to it and press Enter) for its details.": (
        "Seleziona un turno (con un clic, oppure Tab fino al turno e Invio) per i suoi dettagli."
    ),
    ("{count} people. Scroll the schedule, or Tab to a name and move with ↑ ↓, Page Up, Page Down, Home and End."): (
        "{count} persone. Scorri la programmazione, oppure Tab fino a un nome e spostati con ↑ ↓, Pag su, "
        "Pag giù, Inizio e Fine."
    ),
    "{count} more open shifts are not drawn: show fewer bureaus or a shorter window": (
        "Altri {count} turni scoperti non sono disegnati: mostra meno redazioni o un periodo più breve"
    ),
    "Cover per day, in words": "Copertura per giorno, a parole",
    "Auto-assign: {status} · {message}": "Assegnazione automatica: {status} · {message}",
    # The dialogs: the rule check, Edit, Add / Copy, Move together, Publish, Audit
    "Check this change": "Verifica questa modifica",
    "Check this new shift": "Verifica questo nuovo turno",
    "Delete this shift?": "Eliminare questo turno?",
    "Check these changes together": "Verifica insieme queste modifiche",
    "This change breaks hard rules:": "Questa modifica viola regole vincolanti:",
    "Why change it anyway? (kept in the audit trail)": (
        "Perché modificarlo comunque? (resta nel registro delle modifiche)"
    ),
    "Deleting breaks no hard rule. It cannot be undone here: the audit trail keeps a record.": (
        "L'eliminazione non viola regole vincolanti. Qui non si può annullare: il registro delle modifiche ne "
        "tiene traccia."
    ),
    "No hard conflicts: the change is allowed.": "Nessun conflitto vincolante: la modifica è consentita.",
    "Change anyway": "Modifica comunque",
    "Edit, move or reassign this shift": "Modifica, sposta o riassegna questo turno",
    "Starts": "Inizio",
    "Ends": "Fine",
    "Who": "Chi",
    "Any role": "Qualsiasi ruolo",
    "Senior": "Senior",
    "Correspondent": "Corrispondente",
    "Editor": "Redattore",
    "Driver": "Autista",
    "Check the rules": "Verifica le regole",
    "Add a shift": "Aggiungi un turno",
    "Copy this shift": "Copia questo turno",
    "A new shift is a draft until it is published. An end at or before the start is on the next day.": (
        "Un nuovo turno resta una bozza finché non è pubblicato. Una fine uguale o precedente all'inizio cade il "
        "giorno dopo."
    ),
    "Open shift (nobody yet)": "Turno scoperto (ancora nessuno)",
    "{count} shift(s) selected to move together": "{count} turni selezionati da spostare insieme",
    "Move together…": "Sposta insieme…",
    "Clear selection": "Annulla la selezione",
    "Shifts selected to move together": "Turni selezionati da spostare insieme",
    "Move the selected shifts together": "Sposta insieme i turni selezionati",
    (
        "They move by the same number of days (negative for earlier) and, if you pick someone, go to "
        "them. One rule check covers them all, and they change together or not at all."
    ): (
        "Si spostano dello stesso numero di giorni (negativo per anticipare) e, se scegli qualcuno, passano a "
        "quella persona. Un'unica verifica delle regole li copre tutti, e cambiano tutti insieme o nessuno."
    ),
    "Days later": "Giorni dopo",
    "Give them to": "Assegnali a",
    "Keep who works them": "Lascia a chi li svolge",
    "Hard conflicts block publishing": "Conflitti vincolanti impediscono la pubblicazione",
    "Publish these shifts?": "Pubblicare questi turni?",
    "Reason to publish anyway": "Motivo per pubblicare comunque",
    "Publish anyway": "Pubblica comunque",
    "Publish {count} shift(s)": "Pubblica {count} turni",
    "Audit of this shift": "Registro di questo turno",
    "Audit of the plan (latest 50)": "Registro del piano (ultime 50 voci)",
    "system": "sistema",
    # What the audit dialog lists: the change and what it was made to (services/shifts.py, planning.py)
    "create": "creazione",
    "update": "modifica",
    "delete": "eliminazione",
    "publish": "pubblicazione",
    "status": "cambio di stato",
    "reset": "azzeramento",
    "assignment": "assegnazione",
    "schedule": "programmazione",
    "shift_template": "modello di turno",
    # The time axis's own words (components/timeline_axis.jsx, through state/timeline.py AXIS_TEXTS)
    "People · hours per week": "Persone · ore per settimana",
    "Week {day}": "Settimana del {day}",
    "Cover {day}: {cover}": "Copertura {day}: {cover}",
    # What the schedule's services write for the page (services/timeline_axis.py, services/timeline_changes.py)
    "Week {number}: {first} – {last}": "Settimana {number}: {first} – {last}",
    "No bureau": "Nessuna redazione",
    "{hours} h this week": "{hours} h questa settimana",
    "{hours} h · max {most} h/week": "{hours} h · max {most} h/settimana",
    "draft, not published": "bozza, non pubblicato",
    "changed since it was published": "modificato dopo la pubblicazione",
    "{who}, {kind} in {bureau}, {when}, {status}": "{who}, {kind} a {bureau}, {when}, {status}",
    ", proposed by {source}": ", proposto ({source})",
    # Who proposed a place (an assignment's source)
    "auto": "assegnazione automatica",
    "ai": "IA",
    "manual": "manuale",
    ". Hard conflict: {problem}": ". Conflitto vincolante: {problem}",
    ". Soft conflict: {problem}": ". Conflitto non vincolante: {problem}",
    "{times} · {count} open": "{times} · {count} scoperti",
    ", needs a {role}": ", richiede il ruolo {role}",
    ", needs an {role}": ", richiede il ruolo {role}",
    "Open shift: {kind} in {bureau}, {when}, {count} place(s) open{role}, {status}": (
        "Turno scoperto: {kind} a {bureau}, {when}, {count} posti scoperti{role}, {status}"
    ),
    "{day}: {filled} of {places} places filled": "{day}: {filled} posti coperti su {places}",
    "shift": "turno",
    "{type} shift": "turno {type}",
    # Italian names the shift without its article here; the sentences around it add "il", "al", "dal".
    "{who}'s {kind} on {when}": "{kind} di {who} di {when}",
    "the open {kind} on {when}": "{kind} scoperto di {when}",
    " (also for {count} other person(s) on it)": " (anche per le altre {count} persone del turno)",
    ", now {when}": ", ora {when}",
    "make {what} a {role} shift": "rendi il {what} un turno da {role}",
    "make {what} an {role} shift": "rendi il {what} un turno da {role}",
    "take the role off {what}": "togli il ruolo dal {what}",
    "Move {what} to {when}{also}": "Sposta il {what} a {when}{also}",
    "take {who} off it (the place stays open)": "togli {who} dal turno (il posto resta scoperto)",
    "take {who} off the {kind} on {when} (the place stays open)": (
        "togli {who} dal {kind} di {when} (il posto resta scoperto)"
    ),
    "give {who}'s place on it to {person}": "dai a {person} il posto di {who} nel turno",
    "give {who}'s place on the {kind} on {when} to {person}": "dai a {person} il posto di {who} nel {kind} di {when}",
    "assign {person} to {what}": "assegna {person} al {what}",
    "{count} shift(s) change together": "{count} turni cambiano insieme",
    "an open place": "un posto scoperto",
    "Add a shift on {when} for {who}": "Aggiungi un turno di {when} per {who}",
    "Add a {role} shift on {when} for {who}": "Aggiungi un turno da {role} di {when} per {who}",
    "Add an {role} shift on {when} for {who}": "Aggiungi un turno da {role} di {when} per {who}",
    "nobody yet": "ancora nessuno",
    "Delete the {kind} on {when} ({names})": "Elimina il {kind} di {when} ({names})",
    # Toasts and status lines (state/timeline.py)
    "Pick a shift on the schedule first": "Prima scegli un turno nella programmazione",
    "Only this bureau's team leaders and its planners can change its shifts": (
        "Solo i capiservizio e i pianificatori di questa redazione possono modificarne i turni"
    ),
    "Pick a date like 2026-12-07": "Scegli una data come 2026-12-07",
    "Pick a date between 2000 and 2100": "Scegli una data tra il 2000 e il 2100",
    "This shift is no longer on the schedule; reload the page": (
        "Questo turno non è più nella programmazione; ricarica la pagina"
    ),
    "Shift changed": "Turno modificato",
    "Shift changed (forced)": "Turno modificato (forzato)",
    "Shift added": "Turno aggiunto",
    "Shift added (forced)": "Turno aggiunto (forzato)",
    "Shift deleted": "Turno eliminato",
    "{count} shift(s) changed": "{count} turni modificati",
    "{count} shift(s) changed (forced)": "{count} turni modificati (forzato)",
    "Double-click a day on a person's row or on Open shifts": (
        "Fai doppio clic su un giorno nella riga di una persona o in Turni scoperti"
    ),
    "Move at most {count} shifts at once": "Sposta al massimo {count} turni alla volta",
    "Select shifts first: Ctrl-click them, or Select in a shift's details": (
        "Prima seleziona i turni: Ctrl-clic su di essi, oppure Seleziona nei dettagli di un turno"
    ),
    "Say how many days to move them, as a whole number (negative for earlier)": (
        "Indica di quanti giorni spostarli, con un numero intero (negativo per anticipare)"
    ),
    "Accepted {count} proposal(s)": "Accettate {count} proposte",
    "Auto-assign works on one bureau at a time: pick one bureau first": (
        "L'assegnazione automatica lavora su una redazione alla volta: prima scegline una"
    ),
    "Proposed {filled} of {places} open place(s); {left} left open. ": (
        "Proposte persone per {filled} di {places} posti scoperti; {left} restano scoperti. "
    ),
    "The schedule has not loaded yet; reload the page and try again": (
        "La programmazione non è ancora caricata; ricarica la pagina e riprova"
    ),
    "{first} to {last}": "dal {first} al {last}",
    "{count} draft shift(s) of {where}, on {span}, will be published and their people told.": (
        "{count} turni in bozza di {where}, {span}, saranno pubblicati e le persone avvisate."
    ),
    "Nothing to publish: {where} has no draft shifts from {first} to {last}.": (
        "Niente da pubblicare: {where} non ha turni in bozza dal {first} al {last}."
    ),
    " {count} shift(s) in {first} – {last} are already published.": (
        " {count} turni tra {first} e {last} sono già pubblicati."
    ),
    (
        " {count} shift(s) in {first} – {last} are already published, {changed} of them changed since "
        "publishing (people already see those changes)."
    ): (
        " {count} turni tra {first} e {last} sono già pubblicati, {changed} modificati dopo la pubblicazione "
        "(le persone vedono già quelle modifiche)."
    ),
    "Published {count} shift(s)": "Pubblicati {count} turni",
    "The schedule changed since you reviewed it; check the new counts and publish again": (
        "La programmazione è cambiata da quando l'hai controllata; verifica i nuovi conteggi e pubblica di nuovo"
    ),
    # Refusals the schedule's services raise (shown as toasts)
    "zoom must be day, week or month": "lo zoom deve essere giorno, settimana o mese",
    "Employee not found": "Dipendente non trovato",
    "Shift not found": "Turno non trovato",
    "Pick a shift on the schedule": "Scegli un turno nella programmazione",
    "This place on the shift is gone; reload the schedule": (
        "Questo posto nel turno non c'è più; ricarica la programmazione"
    ),
    "Only this bureau's team leaders, its schedulers, managers and administrators can change its shifts": (
        "Solo i capiservizio, i pianificatori, i responsabili e gli amministratori di questa redazione possono "
        "modificarne i turni"
    ),
    "Drop the shift on a person or on Open shifts": "Rilascia il turno su una persona o su Turni scoperti",
    "A shift stays in its bureau: drop it on a person, or on its own bureau's Open shifts row": (
        "Un turno resta nella sua redazione: rilascialo su una persona o sulla riga Turni scoperti della sua redazione"
    ),
    "Drop the shift on a person's row or on Open shifts, not on a heading": (
        "Rilascia il turno sulla riga di una persona o su Turni scoperti, non su un'intestazione"
    ),
    "This shift has no open place left": "Questo turno non ha più posti scoperti",
    "Nothing to change: the shift is already there": "Niente da cambiare: il turno è già lì",
    "A cancelled shift cannot be moved or staffed": "Un turno annullato non si può spostare né coprire",
    "Select the shifts to move first": "Prima seleziona i turni da spostare",
    "days must be a whole number from -366 to 366": "i giorni devono essere un numero intero da -366 a 366",
    "Say how many days to move them, or to whom": "Indica di quanti giorni spostarli, o a chi",
    "Two places on one shift cannot both go to one person: select one place per shift": (
        "Due posti dello stesso turno non possono andare alla stessa persona: seleziona un posto per turno"
    ),
    "Pick a bureau": "Scegli una redazione",
    "Pick a person, or Open shift": "Scegli una persona, o Turno scoperto",
    "This change would create conflicts": "Questa modifica creerebbe dei conflitti",
    "These changes would create conflicts": "Queste modifiche creerebbero dei conflitti",
    "This shift would create conflicts": "Questo turno creerebbe dei conflitti",
    "end_time must be after start_time": "la fine deve venire dopo l'inizio",
    "A shift may last at most 24 hours": "Un turno può durare al massimo 24 ore",
    "This shift was changed by someone else meanwhile; reload it and try again": (
        "Nel frattempo qualcun altro ha modificato questo turno; ricaricalo e riprova"
    ),
    "Publishing past hard conflicts needs a reason": (
        "Per pubblicare nonostante i conflitti vincolanti serve un motivo"
    ),
    "Assignment not found": "Assegnazione non trovata",
    "role must be one of {roles}, or none": "il ruolo deve essere uno tra {roles}, oppure nessuno",
    "{name} is already on this shift": "{name} è già in questo turno",
    # Browser tab titles the other sections lack (shiftapp.py, components/i18n.py page_title)
    "Home": "Bacheca",
    "Choose your password": "Scegli la tua password",
}


SIGN_IN: dict[str, str] = {
    "Sign in to shiftapp": "Accedi a shiftapp",
    "Plan shifts, confirm preferences and load deliveries.": (
        "Pianifica i turni, conferma le preferenze e carica le consegne."
    ),
    "Email": "Email",
    "Password": "Password",
    "Sign in": "Accedi",
    "Enter your email and password.": "Inserisci email e password.",
    "Enter your email and password": "Inserisci email e password",
    "Invalid email or password": "Email o password non validi",
    "This account is deactivated; ask an administrator to reactivate it": (
        "Questo account è disattivato; chiedi a un amministratore di riattivarlo"
    ),
    "Invalid or expired session": "Sessione non valida o scaduta",
    "Session expired after inactivity; please sign in again": "Sessione scaduta per inattività; accedi di nuovo",
    "Your session has ended; please sign in again": "La sessione è terminata; accedi di nuovo",
}

DASHBOARD: dict[str, str] = {
    "Active": "Attivi",
    "Shifts this week": "Turni questa settimana",
    "Shifts this month": "Turni questo mese",
    "Upcoming shifts": "Prossimi turni",
    "Unresolved conflicts": "Conflitti aperti",
    "High severity": "Gravità alta",
    "Welcome, ": "Benvenuto, ",
    "Bureau": "Redazione",
    "All bureaus": "Tutte le redazioni",
    "Upcoming shifts (7 days)": "Prossimi turni (7 giorni)",
    "Open schedule health": "Apri lo stato della programmazione",
    "Per bureau": "Per redazione",
    "My next shifts": "I miei prossimi turni",
    "All my shifts, by month": "Tutti i miei turni, per mese",
    "Date": "Data",
    "Time": "Orario",
    "Employee": "Dipendente",
    "Status": "Stato",
    "Previous": "Precedenti",
    "Next": "Successivi",
    "High ": "Alta ",
    "Medium ": "Media ",
    "Low ": "Bassa ",
    "No shifts in the next two weeks.": "Nessun turno nelle prossime due settimane.",
    " preferences to confirm · ": " preferenze da confermare · ",
    " open shifts ahead · ": " turni scoperti in arrivo · ",
    " shifts": " turni",
}

MY_SHIFTS: dict[str, str] = {
    "Shift": "Turno",
    "Next four weeks": "Prossime quattro settimane",
    "Month": "Mese",
    "No shifts in the next four weeks.": "Nessun turno nelle prossime quattro settimane.",
    "Previous month": "Mese precedente",
    "Next month": "Mese successivo",
    "This month": "Questo mese",
    "{count} shift in {month}": "{count} turno a {month}",
    "{count} shifts in {month}": "{count} turni a {month}",
    "{day} (today)": "{day} (oggi)",
    "{shift} ({status}, not published yet)": "{shift} ({status}, non ancora pubblicato)",
    "Monday": "lunedì",
    "Tuesday": "martedì",
    "Wednesday": "mercoledì",
    "Thursday": "giovedì",
    "Friday": "venerdì",
    "Saturday": "sabato",
    "Sunday": "domenica",
    "Mon": "lun",
    "Tue": "mar",
    "Wed": "mer",
    "Thu": "gio",
    "Fri": "ven",
    "Sat": "sab",
    "Sun": "dom",
}

INBOX: dict[str, str] = {
    "Notifications": "Notifiche",
    "Mark all read": "Segna tutte come lette",
    "No notifications yet.": "Ancora nessuna notifica.",
    "Newer": "Più recenti",
    "Older": "Meno recenti",
    "Inbox pages": "Pagine delle notifiche",
    "Open": "Apri",
    "Mark read": "Segna come letta",
    "Mark read: {title}": "Segna come letta: {title}",
    "Read": "Letta",
    "Unread": "Da leggere",
}

PREFERENCES: dict[str, str] = {
    "Days I prefer to work": "Giorni in cui preferisco lavorare",
    "Shifts I prefer": "Turni che preferisco",
    "Max shifts per week": "Massimo di turni a settimana",
    "Notes for your team leader": "Note per il tuo caposervizio",
    "Save preferences": "Salva le preferenze",
    "Confirmed by ": "Confermate da ",
    "Pending: waiting for a team leader to confirm": "In attesa: un caposervizio deve confermarle",
    "You have not set preferences yet": "Non hai ancora indicato preferenze",
    "Morning": "Mattina",
    "Afternoon": "Pomeriggio",
    "Evening": "Sera",
    "Night": "Notte",
    "e.g. Unavailable: Tuesday": "es. Non disponibile: martedì",
    "Preferences saved; a team leader will confirm them": "Preferenze salvate; un caposervizio le confermerà",
}

PROFILE: dict[str, str] = {
    "Language / Lingua": "Language / Lingua",
    "Language saved": "Lingua salvata",
    "Choose English or Italian": "Scegli inglese o italiano",
    "Copy it now: for your safety it is shown only once.": "Copiala ora: per sicurezza è mostrata una volta sola.",
    "Calendar and exports": "Calendario ed esportazioni",
    "Copy": "Copia",
    "Copied": "Copiato",
    "My shifts in my calendar": "I miei turni nel mio calendario",
    "A secret address your calendar program (Google, Outlook, Apple) can subscribe to. It lists your "
    "published shifts only. Anyone holding it can read them: revoke it if it leaks.": (
        "Un indirizzo segreto a cui il tuo programma di calendario (Google, Outlook, Apple) può abbonarsi. "
        "Elenca solo i tuoi turni pubblicati. Chiunque lo abbia può leggerli: revocalo se finisce in giro."
    ),
    "Status: ": "Stato: ",
    "a calendar address is active": "un indirizzo di calendario è attivo",
    "no calendar address": "nessun indirizzo di calendario",
    "Bureau schedules": "Programmazione delle redazioni",
    "Your address": "Il tuo indirizzo",
    "Revoke": "Revoca",
    "Bureau address": "Indirizzo della redazione",
    "Make a new address": "Crea un nuovo indirizzo",
    "Make my calendar address": "Crea il mio indirizzo di calendario",
    "Download a bureau's schedule (at most 366 days), or its printable week rota.": (
        "Scarica la programmazione di una redazione (al massimo 366 giorni) o il suo turnario settimanale da stampare."
    ),
    "Download": "Scarica",
    "A secret calendar address of a bureau's published shifts.": (
        "Un indirizzo di calendario segreto dei turni pubblicati di una redazione."
    ),
    "Make bureau calendar address": "Crea l'indirizzo di calendario della redazione",
    "Details": "Dati",
    "Email: ": "Email: ",
    "Bureau: ": "Redazione: ",
    " · Role: ": " · Ruolo: ",
    "Full name": "Nome e cognome",
    "Phone": "Telefono",
    "Save details": "Salva i dati",
    "Current password": "Password attuale",
    "New password (at least 8 characters)": "Nuova password (almeno 8 caratteri)",
    "Change password": "Cambia la password",
    "Format": "Formato",
    "From (the rota: any day of its week)": "Dal (turnario: un giorno qualsiasi della settimana)",
    "To": "A",
    "Profile updated": "Profilo aggiornato",
    "Fill in your name or phone number, then save": "Inserisci il nome o il telefono, poi salva",
    "Fill in both password fields": "Compila entrambi i campi della password",
    "Password updated": "Password aggiornata",
    "Password updated; other sessions were signed out": "Password aggiornata; le altre sessioni sono state chiuse",
    "New calendar URL made; any earlier one no longer works": (
        "Nuovo indirizzo di calendario creato; quelli precedenti non funzionano più"
    ),
    "Calendar URL revoked": "Indirizzo di calendario revocato",
    "You had no calendar URL": "Non avevi un indirizzo di calendario",
    "New bureau calendar URL made; any earlier one no longer works": (
        "Nuovo indirizzo di calendario della redazione creato; quelli precedenti non funzionano più"
    ),
}

OPEN_SHIFTS: dict[str, str] = {
    "None": "Nessuno",
    "Role": "Ruolo",
    "Free places": "Posti liberi",
    "Warnings": "Avvisi",
    "Open shifts you can take": "Turni scoperti che puoi prendere",
    "Only places that fit your role, skills, rest, leave and weekly limit are listed.": (
        "Sono elencati solo i posti compatibili con ruolo, competenze, riposo, assenze e limite settimanale."
    ),
    "My claims waiting for approval": "Le mie richieste in attesa di approvazione",
    "Person": "Persona",
    "If approved": "Se approvato",
    "Claims waiting for your decision": "Richieste in attesa della tua decisione",
    "Skills: ": "Competenze: ",
    "No open shifts fit you right now.": "Al momento nessun turno scoperto fa per te.",
    "Waiting for approval": "In attesa di approvazione",
    "Withdraw": "Ritira",
    "None of your claims is waiting.": "Nessuna tua richiesta è in attesa.",
    "No claims are waiting.": "Nessuna richiesta in attesa.",
    "Ask to take it": "Chiedi di prenderlo",
    "Claim": "Prendi",
    "Claim the shift of {date} {time}": "Prendi il turno del {date} {time}",
    "Your team leader approves": "Lo approva il tuo caposervizio",
    "Withdraw your claim for {date} {time}": "Ritira la tua richiesta per il {date} {time}",
    "Approve": "Approva",
    "Decline": "Rifiuta",
    "Claims in {bureau} wait for my approval": "Le richieste a {bureau} attendono la mia approvazione",
    "Approve the claim of {name}": "Approva la richiesta di {name}",
    "{count} hard conflict(s)": "{count} conflitti vincolanti",
    "Decline the claim of {name}": "Rifiuta la richiesta di {name}",
    "any": "qualsiasi",
    "none": "nessuna",
    "Not claimed: {reason}": "Non preso: {reason}",
    "Granted: you are on the shift of {when}": "Fatto: sei nel turno del {when}",
    "Requested: your claim for the shift of {when} waits for your team leader": (
        "Richiesto: la tua richiesta per il turno del {when} attende il tuo caposervizio"
    ),
    "This shift is no longer in your list; reload the page": (
        "Questo turno non è più nel tuo elenco; ricarica la pagina"
    ),
    "This claim is no longer in your list; reload the page": (
        "Questa richiesta non è più nel tuo elenco; ricarica la pagina"
    ),
    "Approved {name}'s claim for {date} {time}": "Approvata la richiesta di {name} per il {date} {time}",
    "Declined {name}'s claim for {date} {time}": "Rifiutata la richiesta di {name} per il {date} {time}",
    "Withdrawn: your claim for the shift of {date} {start}–{end}": (
        "Ritirata: la tua richiesta per il turno del {date} {start}–{end}"
    ),
    "Claims in {bureau} now wait for your approval": "Le richieste a {bureau} ora attendono la tua approvazione",
    "Claims in {bureau} are now granted at once": "Le richieste a {bureau} ora sono accolte subito",
}

TIME_OFF: dict[str, str] = {
    "Vacation": "Ferie",
    "Sick": "Malattia",
    "Personal": "Permesso",
    "Other": "Altro",
    "Approved": "Approvate",
    "Waiting": "In attesa",
    "Requested": "Richiesta",
    "Declined": "Rifiutata",
    "Cancelled": "Annullata",
    "Ask for time off": "Chiedi un'assenza",
    "Note for your team leader (optional)": "Nota per il tuo caposervizio (facoltativa)",
    "Send request": "Invia la richiesta",
    "Dates": "Date",
    "Days": "Giorni",
    "Kind": "Tipo",
    "Decided by": "Deciso da",
    "Note": "Nota",
    "Year": "Anno",
    "My requests": "Le mie richieste",
    "Days per year": "Giorni per anno",
    "Approved leave ahead": "Assenze approvate in arrivo",
    "Withdrawing leave removes it from the plan and tells the person, with the note above.": (
        "Ritirare un'assenza la toglie dal piano e lo comunica alla persona, con la nota qui sopra."
    ),
    "Waiting for your decision": "In attesa della tua decisione",
    "Note with your decision (optional)": "Nota con la tua decisione (facoltativa)",
    "First day": "Primo giorno",
    "Last day": "Ultimo giorno",
    "You have not asked for time off yet.": "Non hai ancora chiesto assenze.",
    "No approved leave ahead.": "Nessuna assenza approvata in arrivo.",
    "No requests are waiting.": "Nessuna richiesta in attesa.",
    "Cancel request": "Annulla la richiesta",
    "Cancel leave": "Annulla l'assenza",
    "Approve time off of {name}": "Approva l'assenza di {name}",
    "{count} new conflict(s)": "{count} nuovi conflitti",
    "Decline time off of {name}": "Rifiuta l'assenza di {name}",
    "Withdraw the approved leave of {name} {dates}": "Ritira l'assenza approvata di {name} {dates}",
    "Approved by": "Approvata da",
    "Choose the first day of your time off": "Scegli il primo giorno della tua assenza",
    "Request cancelled": "Richiesta annullata",
    "vacation": "ferie",
    "sick": "malattia",
    "personal": "permesso",
    "other": "altro",
    "Requested {days} day(s) of {kind}; your team leader will decide": (
        "Chiesti {days} giorni di {kind}; deciderà il tuo caposervizio"
    ),
    "This leave is no longer in your list; reload the page": (
        "Questa assenza non è più nel tuo elenco; ricarica la pagina"
    ),
    "Withdrew {name}'s approved leave; they have been told": "Ritirata l'assenza approvata di {name}; è stato avvisato",
    "Ended {name}'s leave from today (the days already taken stay); they have been told": (
        "Assenza di {name} terminata da oggi (i giorni già goduti restano); è stato avvisato"
    ),
    "This request is no longer in your list; reload the page": (
        "Questa richiesta non è più nel tuo elenco; ricarica la pagina"
    ),
    "Declined {name}'s request": "Rifiutata la richiesta di {name}",
    "Approved {name}'s time off": "Approvata l'assenza di {name}",
    "Approved {name}'s time off; {count} new conflict(s) now show in Schedule health": (
        "Approvata l'assenza di {name}; {count} nuovi conflitti ora compaiono in Stato della programmazione"
    ),
}

SWAPS: dict[str, str] = {
    "Offers you can take": "Offerte che puoi accettare",
    "No offers for you right now.": "Al momento nessuna offerta per te.",
    "My offers": "Le mie offerte",
    "You have made no offers lately.": "Di recente non hai fatto offerte.",
    "Swaps I accepted": "Scambi che ho accettato",
    "You have accepted no offers lately.": "Di recente non hai accettato offerte.",
    "Swaps waiting for your decision": "Scambi in attesa della tua decisione",
    "No swaps are waiting.": "Nessuno scambio in attesa.",
    "Offer one of your shifts": "Offri uno dei tuoi turni",
    "Offers made to you, and offers to anyone that fit your role, skills, rest, leave and weekly limit.": (
        "Offerte fatte a te e offerte a chiunque compatibili con ruolo, competenze, riposo, assenze e limite "
        "settimanale."
    ),
    "You have no published shifts to offer right now.": "Al momento non hai turni pubblicati da offrire.",
    "My shift": "Il mio turno",
    "Offer to": "Offri a",
    "Note (optional)": "Nota (facoltativa)",
    "Offer shift": "Offri il turno",
    "From": "Da",
    "You give in return": "Dai in cambio",
    "Accept": "Accetta",
    "In return": "In cambio",
    "Accepted by": "Accettato da",
    "Approve swaps in {bureau} automatically when they bring no conflict": (
        "Approva automaticamente gli scambi a {bureau} quando non creano conflitti"
    ),
    "Their shift I take in return (optional)": "Il suo turno che prendo in cambio (facoltativo)",
    "Accept the offer of {shift} from {name}": "Accetta l'offerta del turno {shift} da {name}",
    "No hard conflict if approved.": "Nessun conflitto bloccante se approvato.",
    "Choose a shift": "Scegli un turno",
    "Anyone eligible": "Chiunque possa",
    "Withdraw the offer of {shift}": "Ritira l'offerta del turno {shift}",
    "Approve the swap of {shift} to {name}": "Approva lo scambio del turno {shift} a {name}",
    "Decline the swap of {shift} to {name}": "Rifiuta lo scambio del turno {shift} a {name}",
    "None: give my shift away": "Nessuno: cedo il mio turno",
    "Choose one of your shifts to offer": "Scegli uno dei tuoi turni da offrire",
    "Not offered: {reason}": "Non offerto: {reason}",
    "Not accepted: {reason}": "Non accettato: {reason}",
    "Not withdrawn: {reason}": "Non ritirato: {reason}",
    "Not approved: {reason}": "Non approvato: {reason}",
    "Not declined: {reason}": "Non rifiutato: {reason}",
    "anyone eligible": "chiunque possa",
    "Offered: your shift of {shift} to {whom}": "Offerto: il tuo turno del {shift} a {whom}",
    "This offer is no longer in your lists; reload the page": (
        "Questa offerta non è più nei tuoi elenchi; ricarica la pagina"
    ),
    "Conflict-free swaps in {bureau} are now approved automatically": (
        "Gli scambi senza conflitti a {bureau} ora sono approvati automaticamente"
    ),
    "Conflict-free swaps in {bureau} now wait for your approval": (
        "Gli scambi senza conflitti a {bureau} ora attendono la tua approvazione"
    ),
    "Accepted and approved automatically: you are now on the shift of {shift}": (
        "Accettato e approvato automaticamente: ora sei nel turno del {shift}"
    ),
    "Accepted: the shift of {shift} now waits for a team leader's approval": (
        "Accettato: il turno del {shift} ora attende l'approvazione di un caposervizio"
    ),
    "Withdrawn: your offer of the shift of {shift}": "Ritirata: la tua offerta del turno del {shift}",
    "Approved: the shift of {shift} moves from {giver} to {taker}": (
        "Approvato: il turno del {shift} passa da {giver} a {taker}"
    ),
    "Declined: the swap of the shift of {shift} from {giver} to {taker}; nothing moves": (
        "Rifiutato: lo scambio del turno del {shift} da {giver} a {taker}; non cambia nulla"
    ),
    "Approved automatically": "Approvato automaticamente",
    "Swap": "Scambio",
    "Give-away": "Cessione",
    "Nothing (a give-away)": "Nulla (una cessione)",
    "Nobody yet": "Ancora nessuno",
    "Offered, waiting for a colleague": "Offerto, in attesa di un collega",
    "Accepted, waiting for a team leader": "Accettato, in attesa di un caposervizio",
    "Withdrawn": "Ritirato",
    "Expired": "Scaduto",
}


PLANS: dict[str, str] = {
    # Delivery plans, the plan board and the loads page (pages/plans.py, state/plans.py)
    "Delete": "Elimina",
    "Delete {name}": "Elimina {name}",
    "Plan name": "Nome del piano",
    "First delivery day": "Primo giorno di consegna",
    "Last delivery day": "Ultimo giorno di consegna",
    "Create plan": "Crea piano",
    "Plan": "Piano",
    "Units": "Mezzi",
    "Orders": "Ordini",
    "Unassigned": "Non assegnati",
    "Assigned": "Assegnati",
    "Weight": "Peso",
    "Page {page} of {count}": "Pagina {page} di {count}",
    " · page {page} of {count}": " · pagina {page} di {count}",
    "Move to unit…": "Sposta su un mezzo…",
    "Move {number} to another unit": "Sposta {number} su un altro mezzo",
    "Assign to a unit…": "Assegna a un mezzo…",
    "Assign {number} to a unit": "Assegna {number} a un mezzo",
    "split": "diviso",
    "assigned": "assegnato",
    "unassigned": "non assegnato",
    "Unassign": "Togli dal mezzo",
    "Unassign {number}": "Togli {number} dal mezzo",
    "Routes: ": "Giri: ",
    "Note for the driver": "Nota per l'autista",
    "Note for the driver of {unit}": "Nota per l'autista di {unit}",
    "Remove": "Rimuovi",
    "Remove unit {unit}": "Rimuovi il mezzo {unit}",
    "Show all {count} orders": "Mostra tutti i {count} ordini",
    "Auto-assign preview": "Anteprima dell'assegnazione automatica",
    (
        "Optimizing planner: {created} orders onto {units} units (the seed's greedy: {greedy_units} units,"
        " {greedy_left} left over). {unassigned} stay unassigned; {added} units join the plan."
    ): (
        "Pianificatore ottimizzato: {created} ordini su {units} mezzi (l'algoritmo rapido: {greedy_units} mezzi,"
        " {greedy_left} esclusi). {unassigned} restano non assegnati; {added} mezzi entrano nel piano."
    ),
    "Order": "Ordine",
    "Customer": "Cliente",
    "→ Unit": "→ Mezzo",
    "Cancel": "Annulla",
    "Commit": "Conferma",
    "Move {number}": "Sposta {number}",
    "It is on {unit}. The move is checked like a drop onto the unit.": (
        "È su {unit}. Lo spostamento è verificato come un trascinamento sul mezzo."
    ),
    "Move to": "Sposta su",
    "Pick a unit…": "Scegli un mezzo…",
    "Move": "Sposta",
    "Assign {number}": "Assegna {number}",
    "It is waiting for a unit. The assignment is checked like a drop onto the unit.": (
        "È in attesa di un mezzo. L'assegnazione è verificata come un trascinamento sul mezzo."
    ),
    "Assign to": "Assegna a",
    "Assign": "Assegna",
    "Remove {unit}?": "Rimuovere {unit}?",
    "It carries no orders.": "Non porta ordini.",
    "Its order goes back to the unassigned list.": "Il suo ordine torna tra i non assegnati.",
    "Its {count} orders go back to the unassigned list.": "I suoi {count} ordini tornano tra i non assegnati.",
    " The vehicle can be added again from the idle units.": " Il veicolo si può aggiungere di nuovo dai mezzi liberi.",
    "Keep the unit": "Tieni il mezzo",
    "Remove unit": "Rimuovi il mezzo",
    "Unassigned orders ({count})": "Ordini non assegnati ({count})",
    "Order, customer or route": "Ordine, cliente o giro",
    "Search the unassigned orders": "Cerca tra gli ordini non assegnati",
    "Showing {shown} of {matching}": "Ne vedi {shown} di {matching}",
    " matching": " trovati",
    "Show more": "Mostra altri",
    "Search to find the others": "Cerca per trovare gli altri",
    "All plans": "Tutti i piani",
    "Planning…": "Pianificazione in corso…",
    "Auto-assign": "Assegnazione automatica",
    "Add idle unit:": "Aggiungi un mezzo libero:",
    "Pick a vehicle": "Scegli un veicolo",
    "Load sheet (CSV)": "Distinta di carico (CSV)",
    "Printable load sheet": "Distinta di carico da stampare",
    "Suburb": "Località",
    "Unit": "Mezzo",
    " — {count} orders, {weight} kg": " — {count} ordini, {weight} kg",
    "Day": "Giorno",
    "Branch": "Filiale",
    "Route": "Giro",
    "All branches": "Tutte le filiali",
    "All routes": "Tutti i giri",
    "All orders": "Tutti gli ordini",
    "Customer name": "Nome del cliente",
    "{orders} orders · {weight} kg · {unassigned} unassigned": (
        "{orders} ordini · {weight} kg · {unassigned} non assegnati"
    ),
    "Orders by branch and route, with the unit and plan carrying each": (
        "Ordini per filiale e giro, con il mezzo e il piano che porta ciascuno"
    ),
    # Plan statuses
    "planning": "in pianificazione",
    "active": "attivo",
    "completed": "completato",
    # Server-made text of these pages
    "Pick a plan": "Scegli un piano",
    "Plan deleted; its orders are unassigned again": "Piano eliminato; i suoi ordini tornano non assegnati",
    "No orders to show": "Nessun ordine da mostrare",
    "Orders {first}–{last} of {total}": "Ordini {first}–{last} di {total}",
    "orders {first}–{last} here": "ordini {first}–{last} qui",
    "Pick a valid date": "Scegli una data valida",
    "Pick assigned, unassigned or all orders": "Scegli ordini assegnati, non assegnati o tutti",
    "Type an order number, customer or route": "Scrivi un numero d'ordine, un cliente o un giro",
    "The order": "L'ordine",
    "the unit": "il mezzo",
    "Drag an order onto a unit": "Trascina un ordine su un mezzo",
    "Order {number} moved to {unit}": "Ordine {number} spostato su {unit}",
    "Order {number} assigned to {unit}": "Ordine {number} assegnato a {unit}",
    "Order {number} is unassigned again": "L'ordine {number} è di nuovo non assegnato",
    "Assigned {created} orders onto {units} units": "Assegnati {created} ordini su {units} mezzi",
    "That order is no longer on that unit": "Quell'ordine non è più su quel mezzo",
    "That order is no longer waiting for a unit": "Quell'ordine non è più in attesa di un mezzo",
    "Pick the unit to move the order to": "Scegli il mezzo su cui spostare l'ordine",
    "That unit is no longer on this plan": "Quel mezzo non è più in questo piano",
    "{unit} removed; its order is unassigned again": "{unit} rimosso; il suo ordine è di nuovo non assegnato",
    "{unit} removed; its {count} orders are unassigned again": (
        "{unit} rimosso; i suoi {count} ordini sono di nuovo non assegnati"
    ),
    "{unit} removed": "{unit} rimosso",
    "Note saved": "Nota salvata",
    "Only admins, managers and schedulers can change delivery plans": (
        "Solo amministratori, responsabili e pianificatori possono modificare i piani di consegna"
    ),
    # Why auto-assign left an order open (shiftapp/loads/greedy.py, services/auto_assign_loads.py)
    "no unit of the order's branch": "nessun mezzo della filiale dell'ordine",
    "every unit is on another route that day": "ogni mezzo è su un altro giro quel giorno",
    "the route already has its maximum of vehicles that day": "il giro ha già il massimo di veicoli quel giorno",
    "the customer already gets its maximum of units that day": "il cliente riceve già il massimo di mezzi quel giorno",
    "no unit has room for it (even split by lines)": "nessun mezzo ha posto (nemmeno dividendolo per righe)",
    "outside this auto-assign (partly assigned or filtered)": (
        "escluso da questa assegnazione automatica (in parte assegnato o filtrato)"
    ),
    # How good a solver's answer is (state/solver_verdict.py)
    "Proven optimal: no better answer exists.": "Ottimo dimostrato: non esiste una soluzione migliore.",
    "Stopped on request: the best answer found so far, not proven optimal.": (
        "Fermato su richiesta: la soluzione migliore trovata finora, senza prova di ottimalità."
    ),
    "Stopped by the time limit: the best answer found in the time given, not proven optimal.": (
        "Fermato dal limite di tempo: la soluzione migliore trovata nel tempo dato, senza prova di ottimalità."
    ),
    "The best answer found, not proven optimal.": "La soluzione migliore trovata, senza prova di ottimalità.",
}


HEALTH: dict[str, str] = {
    # Schedule health (pages/health.py, state/health.py)
    "high": "alta",
    "medium": "media",
    "low": "bassa",
    "hard": "vincolante",
    "soft": "non vincolante",
    "all": "tutti",
    "unresolved": "da risolvere",
    "acknowledged": "preso in carico",
    "resolved": "risolto",
    "dismissed": "archiviato",
    "Severity": "Gravità",
    "Open in the schedule": "Apri nel piano turni",
    "Open the week of this conflict in the schedule": "Apri nel piano turni la settimana di questo conflitto",
    "Acknowledge": "Prendi in carico",
    "Resolve": "Risolvi",
    "Dismiss": "Archivia",
    "Suggest a fix": "Suggerisci una soluzione",
    "Recommended": "Consigliata",
    "impact {impact}": "impatto {impact}",
    "Changes: ": "Cambia: ",
    "Leaves these soft conflicts:": "Lascia questi conflitti non vincolanti:",
    "Leaves no conflict": "Non lascia conflitti",
    "Apply this fix": "Applica questa soluzione",
    "Apply: {fix}": "Applica: {fix}",
    "Suggested fixes": "Soluzioni suggerite",
    "Close": "Chiudi",
    "High: {count}": "Alta: {count}",
    "Medium: {count}": "Media: {count}",
    "Low: {count}": "Bassa: {count}",
    "{count} conflicts": "{count} conflitti",
    "Pick a conflict": "Scegli un conflitto",
    "Conflict acknowledged": "Conflitto preso in carico",
    "Conflict marked resolved": "Conflitto segnato come risolto",
    "Conflict dismissed as a false positive": "Conflitto archiviato come falso allarme",
    "Pick a conflict and ask for fixes first": "Scegli prima un conflitto e chiedi le soluzioni",
    "That fix is not among the ones suggested; ask for fixes again": (
        "Quella soluzione non è tra quelle suggerite; chiedi di nuovo le soluzioni"
    ),
    "Fix applied: {change}": "Soluzione applicata: {change}",
    # Rule names (shiftapp/rules/catalog.py)
    "Invalid Time Window": "Orario non valido",
    "Invalid Status": "Stato non valido",
    "Mission Mismatch": "Missione non corrispondente",
    "Role Mismatch": "Ruolo non corrispondente",
    "Double Booking": "Doppio turno sovrapposto",
    "Rest Period Violation": "Riposo insufficiente",
    "Leave Conflict": "Conflitto con le ferie",
    "Missing Skill": "Competenza mancante",
    "Over Capacity": "Capienza superata",
    "Understaffed Shift": "Turno sotto organico",
    "Too Many Shifts": "Troppi turni",
    "Preference Mismatch": "Contro le preferenze",
    "Senior Coverage": "Copertura senior",
    "Back-to-Back Shifts": "Turni attaccati",
    "Route Vehicle Limit": "Limite di veicoli per giro",
    "Vehicle Serves Two Routes": "Veicolo su due giri",
    "Customer Unit Limit": "Limite di mezzi per cliente",
    "Branch Mismatch": "Filiale non corrispondente",
    "Outside Plan Dates": "Fuori dalle date del piano",
    "Order Already Assigned": "Ordine già assegnato",
}


EMPLOYEES: dict[str, str] = {
    # Employees (pages/employees.py, state/employees.py)
    "on-leave": "in ferie",
    "inactive": "non attivo",
    "Title": "Qualifica",
    "Shift role": "Ruolo nei turni",
    "Added as staff: only administrators give a higher access role or make someone a team leader.": (
        "Aggiunto come personale: solo gli amministratori danno un ruolo d'accesso più alto o nominano un caposervizio."
    ),
    "Invite them: make a one-time link with which they choose their password (emailed when email is set up)": (
        "Invitalo: crea un link monouso con cui sceglie la password (inviato per email quando l'email è configurata)"
    ),
    "Reading the notes…": "Lettura delle note…",
    "Their language (invitation, emails and pages until they choose)": (
        "La sua lingua (invito, email e pagine finché non la sceglie)"
    ),
    "language must be en (English) or it (Italian), or left out for English": (
        "language deve essere en (inglese) o it (italiano), oppure omessa per l'inglese"
    ),
    "Deactivate {name}?": "Disattivare {name}?",
    (
        "{name} is signed out everywhere at once and can no longer sign in. Their shifts stay on the schedule "
        "until you change them; you can make them active again with Edit."
    ): (
        "{name} viene disconnesso ovunque e non può più accedere. I suoi turni restano nel piano finché non li "
        "cambi; puoi riattivarlo con Modifica."
    ),
    "Search": "Cerca",
    "Page {page} of {count} · {total} employees": "Pagina {page} di {count} · {total} dipendenti",
    "Access role": "Ruolo d'accesso",
    "Team leader (confirms preferences, generates schedules)": (
        "Caposervizio (conferma le preferenze, genera i piani turni)"
    ),
    "Deactivate": "Disattiva",
    "Edit employee": "Modifica dipendente",
    "New employee": "Nuovo dipendente",
    "Team": "Squadra",
    "Worker id": "Matricola",
    "Edit": "Modifica",
    "Save": "Salva",
    "Name or email": "Nome o email",
    "Edit {name}": "Modifica {name}",
    "Invite": "Invita",
    "Copy link": "Copia il link",
    "no password yet": "ancora senza password",
    "Make an invitation link for {name}": "Crea un link d'invito per {name}",
    "Deactivate {name}": "Disattiva {name}",
    "Invitation link": "Link d'invito",
    "Link copied": "Link copiato",
    "That employee is no longer on this page; reload it": "Quel dipendente non è più in questa pagina; ricaricala",
    "Emailed to {email}. The link works once, until {until}.": (
        "Inviato per email a {email}. Il link vale una volta, fino al {until}."
    ),
    "Email is not set up here: copy the link and send it to {email} yourself. It works once, until {until}.": (
        "L'email non è configurata qui: copia il link e mandalo tu a {email}. Vale una volta, fino al {until}."
    ),
    "Saved the changes to {name}": "Modifiche a {name} salvate",
    "{name} was added as {role} and team leader": "{name} è stato aggiunto come {role} e caposervizio",
    "{name} was added as {role}": "{name} è stato aggiunto come {role}",
    " in {bureau}": " nella redazione {bureau}",
    "No invitation was made: use Invite on their row when they should sign in.": (
        "Nessun invito creato: usa Invita sulla sua riga quando dovrà accedere."
    ),
    "{name} was added": "{name} è stato aggiunto",
    "A new invitation for {name}; any earlier link no longer works.": (
        "Nuovo invito per {name}; i link precedenti non valgono più."
    ),
    "Invitation made for {name}": "Invito creato per {name}",
    "You cannot deactivate your own account: ask another administrator or manager": (
        "Non puoi disattivare il tuo account: chiedi a un altro amministratore o responsabile"
    ),
    "Pick an employee to deactivate first": "Scegli prima un dipendente da disattivare",
    "{name} was deactivated and signed out everywhere": "{name} è stato disattivato e disconnesso ovunque",
}


TEAM: dict[str, str] = {
    # Team availability (pages/team.py, TeamAvailabilityState in state/preferences.py)
    "missing": "mancante",
    "Preferences of {name}": "Preferenze di {name}",
    "Shifts": "Turni",
    "Notes": "Note",
    "Confirm now (auto-confirm)": "Conferma subito (conferma automatica)",
    "Confirm": "Conferma",
    "Read the notes": "Leggi le note",
    "Confirmed": "Confermate",
    "Pending": "In attesa",
    "Missing": "Mancanti",
    "Confirm all pending": "Conferma tutte quelle in attesa",
    "Confirm {name}": "Conferma {name}",
    "Max/week": "Max/settimana",
    "Pick an employee to confirm": "Scegli un dipendente da confermare",
    "Preferences confirmed for {name}": "Preferenze confermate per {name}",
    "Pick an employee": "Scegli un dipendente",
    "shiftapp's note reader": "il lettore di note di shiftapp",
    "Suggested by {source}: {summary}. Review, then Save to apply.": (
        "Suggerito da {source}: {summary}. Controlla, poi Salva per applicare."
    ),
    "Preferences saved": "Preferenze salvate",
    "Preferences saved and confirmed": "Preferenze salvate e confermate",
    "Confirmed preferences for {count} employee(s)": "Preferenze confermate per {count} dipendenti",
}


GENERATE: dict[str, str] = {
    # Generate schedule (pages/generate.py, state/generate.py)
    (
        "Dashed violet, marked new: generated, not saved yet · grey: already on the schedule · "
        "! red: hard conflict · ~ amber: soft conflict"
    ): (
        "Viola tratteggiato, segnato nuovo: generato, non ancora salvato · grigio: già nel piano turni · "
        "! rosso: conflitto vincolante · ~ ambra: conflitto non vincolante"
    ),
    "Preview: employees by day": "Anteprima: dipendenti per giorno",
    "What the remaining cost is made of": "Da cosa è fatto il costo che resta",
    "Shifts per employee": "Turni per dipendente",
    "Preview on the timeline": "Anteprima sul piano turni",
    "Nothing: every cover met, every preference honoured": (
        "Niente: ogni copertura garantita, ogni preferenza rispettata"
    ),
    "new": "nuovo",
    "Earlier days": "Giorni precedenti",
    "Later days": "Giorni successivi",
    (
        "An optimisation solver (OR-Tools CP-SAT) builds a schedule that breaks no hard rule: rest, "
        "leave, weekly limits, existing shifts. Confirmed preferences are honoured where possible."
    ): (
        "Un risolutore di ottimizzazione (OR-Tools CP-SAT) costruisce un piano turni che non viola alcuna regola "
        "vincolante: riposi, ferie, limiti settimanali, turni esistenti. Le preferenze confermate sono rispettate "
        "dove possibile."
    ),
    "Patterns: ": "Schemi: ",
    " on weekdays": " nei giorni feriali",
    " hard conflict": " conflitto vincolante",
    " soft conflict": " conflitto non vincolante",
    "Seniors per shift": "Senior per turno",
    "Respect preferences": "Rispetta le preferenze",
    "Avoid back-to-back": "Evita i turni attaccati",
    "Generate": "Genera",
    "Stop": "Ferma",
    "Save schedule": "Salva il piano turni",
    "Solver: {status} · {message}": "Risolutore: {status} · {message}",
    "{total} shifts · {hard} hard conflicts · {soft} soft · cost {cost} · {unconfirmed} unconfirmed preferences": (
        "{total} turni · {hard} conflitti vincolanti · {soft} non vincolanti · costo {cost} · "
        "{unconfirmed} preferenze non confermate"
    ),
    "Pick the first and the last day": "Scegli il primo e l'ultimo giorno",
    "{days} days ({weeks}): more than the {limit} days generated at once": (
        "{days} giorni ({weeks}): più dei {limit} giorni generabili in una volta"
    ),
    "{days} days ({weeks}); up to {limit} days at once": "{days} giorni ({weeks}); fino a {limit} giorni in una volta",
    "Not started: pick valid dates and a whole number of seniors.": (
        "Non avviato: scegli date valide e un numero intero di senior."
    ),
    "Not started: {problem}.": "Non avviato: {problem}.",
    "Not started: {problem}": "Non avviato: {problem}",
    "Starting": "Avvio",
    "Working": "Al lavoro",
    "Done": "Fatto",
    "Waiting for a free job worker": "In attesa di un esecutore libero",
    "Stopped: showing the best schedule found until then": "Fermato: ecco il miglior piano trovato fin lì",
    "The solver found no schedule": "Il risolutore non ha trovato un piano turni",
    "Stopping: the best schedule so far will be shown": "Arresto in corso: sarà mostrato il miglior piano trovato",
    "Generate a schedule first": "Genera prima un piano turni",
    "Saved {count} shifts; see them on the schedule": "Salvati {count} turni; li trovi nel piano turni",
    "Starting again from the best schedule saved so far": "Ripartenza dal miglior piano salvato finora",
    "Looking for a first schedule that breaks no hard rule": (
        "Ricerca di un primo piano che non violi regole vincolanti"
    ),
    "Checking the schedule with the rule engine": "Verifica del piano con il motore delle regole",
    # What the solver's remaining cost is made of (state/generate.py RULE_NAMES)
    "Understaffed shifts": "Turni sotto organico",
    "Overstaffed shifts": "Turni sovraffollati",
    "Outside confirmed preferences": "Fuori dalle preferenze confermate",
    "Requested shifts not given": "Turni richiesti non assegnati",
    "Tight turnarounds": "Cambi turno ravvicinati",
    "Uneven workload": "Carico di lavoro squilibrato",
    "Disliked shifts": "Turni sgraditi",
    # Shift patterns and job statuses
    "Morning Shift": "Turno del mattino",
    "Afternoon Shift": "Turno del pomeriggio",
    "queued": "in coda",
    "running": "in corso",
    "succeeded": "completato",
    "failed": "non riuscito",
}


REPEAT: dict[str, str] = {
    # Copy & repeat (pages/repeat.py, state/repeat.py, services/repeat_jobs.py)
    "Copy a week": "Copia una settimana",
    "Copy who works each shift too": "Copia anche chi lavora in ogni turno",
    "Preview copy": "Anteprima della copia",
    "Apply templates": "Applica i modelli",
    "Preview templates": "Anteprima dei modelli",
    "Preview: {title}": "Anteprima: {title}",
    "Week to copy (its Monday)": "Settimana da copiare (il suo lunedì)",
    "Number of following weeks (1–12)": "Numero di settimane successive (1–12)",
    "Templates (active ones of the bureau)": "Modelli (quelli attivi della redazione)",
    "Nothing to create: every shift is already in the schedule.": "Niente da creare: ogni turno è già nel piano.",
    "This bureau has no active templates.": "Questa redazione non ha modelli attivi.",
    "No conflict": "Nessun conflitto",
    "Queued": "In coda",
    (
        "Copies and template shifts are created as drafts at the same local times; "
        "nothing is written before you press Create."
    ): (
        "Le copie e i turni dai modelli sono creati come bozze agli stessi orari locali; "
        "nulla viene scritto prima che tu prema Crea."
    ),
    "Hard conflict": "Conflitto vincolante",
    "Warning": "Avviso",
    "Previous page": "Pagina precedente",
    "Next page": "Pagina successiva",
    "Create anyway, past the hard conflicts (recorded in the audit trail)": (
        "Crea comunque, nonostante i conflitti vincolanti (registrato nel registro delle modifiche)"
    ),
    "Reason (optional, for the audit trail)": "Motivo (facoltativo, per il registro delle modifiche)",
    "People": "Persone",
    "Conflicts": "Conflitti",
    "Why": "Perché",
    "{create} shift(s) to create, {skipped} skipped, {hard} hard conflict(s), {soft} warning(s).": (
        "{create} turni da creare, {skipped} saltati, {hard} conflitti vincolanti, {soft} avvisi."
    ),
    "Create {count} shift(s)": "Crea {count} turni",
    "Skipped ({count})": "Saltati ({count})",
    "Pick one of the listed bureaus": "Scegli una delle redazioni elencate",
    "Pick one of the listed templates": "Scegli uno dei modelli elencati",
    "Copy of the week of {day} to {weeks} week(s)": "Copia della settimana del {day} su {weeks} settimane",
    "Templates from {first} to {last}": "Modelli dal {first} al {last}",
    "Nothing was created: {problem}. Tick “Create anyway” to go ahead.": (
        "Non è stato creato nulla: {problem}. Spunta «Crea comunque» per procedere."
    ),
    "Nothing was created: {problem}. The preview below is the new one.": (
        "Non è stato creato nulla: {problem}. L'anteprima qui sotto è quella nuova."
    ),
    (
        "Created {created} shift(s) with {assignments} assignment(s) as drafts, past {forced} hard "
        "conflict(s); {skipped} skipped."
    ): (
        "Creati {created} turni con {assignments} assegnazioni come bozze, nonostante {forced} conflitti "
        "vincolanti; {skipped} saltati."
    ),
    "Created {created} shift(s) with {assignments} assignment(s) as drafts; {skipped} skipped.": (
        "Creati {created} turni con {assignments} assegnazioni come bozze; {skipped} saltati."
    ),
    "open ({count} place(s))": "scoperto ({count} posti)",
    "Hard": "Vincolante",
    "Soft": "Non vincolante",
    "every day": "ogni giorno",
    "Planning the shifts and checking them against the rules": "Pianificazione dei turni e verifica delle regole",
    "Checking the batch again and creating the shifts": "Nuova verifica del lotto e creazione dei turni",
}


WELCOME: dict[str, str] = {
    # The invitation page (pages/welcome.py, state/welcome.py, services/invitations.py)
    "Welcome, {name}": "Benvenuto, {name}",
    "Choose the password you will sign in with as ": "Scegli la password con cui accederai come ",
    ": at least 8 characters, and not one of the common ones.": ": almeno 8 caratteri, e non una di quelle comuni.",
    "The same password again": "Di nuovo la stessa password",
    "Set password and sign in": "Imposta la password e accedi",
    "Invitation": "Invito",
    "Go to sign in": "Vai all'accesso",
    (
        "This invitation link is not valid: it was already used, replaced by a newer one or has expired. "
        "Ask whoever added you for a new invitation."
    ): (
        "Questo link d'invito non è valido: è già stato usato, sostituito da uno più recente o è scaduto. "
        "Chiedi un nuovo invito a chi ti ha aggiunto."
    ),
    "Choose a password": "Scegli una password",
    "The two passwords differ: type the same password twice": (
        "Le due password sono diverse: scrivi due volte la stessa password"
    ),
    "Password must be at least 8 characters long": "La password deve avere almeno 8 caratteri",
    "This password is one of the most common ones and easy to guess; choose another": (
        "Questa password è tra le più comuni e facile da indovinare; scegline un'altra"
    ),
    "Your password is set, but signing in failed ({problem}); sign in now.": (
        "La password è impostata, ma l'accesso non è riuscito ({problem}); accedi ora."
    ),
    "Welcome, {name}: your password is set": "Benvenuto, {name}: la password è impostata",
}


SERVICE_TEXT: dict[str, str] = {
    # Text the services write for people: notifications and e-mail, fix suggestions, job progress and notes
    # (services/notifications.py, services/mail.py, services/ai_scheduling.py, services/jobs.py, ...)
    # Notifications and e-mail (services/notifications.py and the services that call it)
    "Open: {address}": "Apri: {address}",
    "Schedule published: {bureau}, {start} to {end}": "Turni pubblicati: {bureau}, da {start} a {end}",
    "Your 1 shift:\n{lines}": "Il tuo turno:\n{lines}",
    "Your {count} shifts:\n{lines}": "I tuoi {count} turni:\n{lines}",
    "{what}\n\nChanged by {name}.": "{what}\n\nModificato da {name}.",
    "{text}\n\nNote: {note}": "{text}\n\nNota: {note}",
    "{text}\n\n{note}": "{text}\n\n{note}",
    "Shift moved": "Turno spostato",
    "Your shift on {old} was moved to {new}.": "Il tuo turno di {old} è stato spostato a {new}.",
    "New shift": "Nuovo turno",
    "You were assigned to the shift on {shift}.": "Sei stato assegnato al turno di {shift}.",
    "Removed from a shift": "Tolto da un turno",
    "You were taken off the shift on {shift}.": "Sei stato tolto dal turno di {shift}.",
    "Shift cancelled": "Turno annullato",
    "Your shift on {shift} was cancelled.": "Il tuo turno di {shift} è stato annullato.",
    "Shift changed": "Turno modificato",
    "Your shift on {old} now runs {new}.": "Il tuo turno di {old} ora è {new}.",
    "Shift updated": "Turno aggiornato",
    "Your shift on {shift} was updated; see the schedule.": (
        "Il tuo turno di {shift} è stato aggiornato; guarda i turni."
    ),
    "Shift removed": "Turno eliminato",
    "Your shift on {shift} was removed from the schedule.": "Il tuo turno di {shift} è stato tolto dal calendario.",
    "{start} to {end}": "da {start} a {end}",
    "Approved time off withdrawn": "Assenza approvata revocata",
    "{name} withdrew your approved {kind} leave for {days}.": (
        "{name} ha revocato la tua assenza approvata ({kind}) per {days}."
    ),
    "Approved time off ended early": "Assenza approvata terminata in anticipo",
    "{name} ended your approved {kind} leave from today, {today}; {days} stays as leave taken.": (
        "{name} ha terminato da oggi, {today}, la tua assenza approvata ({kind}); {days} resta come assenza goduta."
    ),
    "Time off approved": "Assenza approvata",
    "Time off declined": "Assenza rifiutata",
    "{name} approved your {kind} request for {days}.": "{name} ha approvato la tua richiesta ({kind}) per {days}.",
    "{name} declined your {kind} request for {days}.": "{name} ha rifiutato la tua richiesta ({kind}) per {days}.",
    "Shift claim granted": "Richiesta di turno accolta",
    "Shift claim approved": "Richiesta di turno approvata",
    "Shift claim declined": "Richiesta di turno rifiutata",
    "Your claim is granted: you are on the shift of {when}.": "La tua richiesta è accolta: sei nel turno di {when}.",
    "Your claim for the shift of {when} was approved: you are on it.": (
        "La tua richiesta per il turno di {when} è stata approvata: sei nel turno."
    ),
    "Your claim for the shift of {when} was declined; the place is open again.": (
        "La tua richiesta per il turno di {when} è stata rifiutata; il posto è di nuovo scoperto."
    ),
    "Preferences confirmed": "Preferenze confermate",
    "{name} confirmed your shift preferences; the next schedules are planned with them.": (
        "{name} ha confermato le tue preferenze di turno; i prossimi turni saranno pianificati con queste."
    ),
    "{name} offers you a shift": "{name} ti offre un turno",
    "{name} offers you a swap: their shift {shift} for your {yours}.": (
        "{name} ti propone uno scambio: il suo turno {shift} per il tuo {yours}."
    ),
    "{name} offers you their shift {shift}.": "{name} ti offre il suo turno {shift}.",
    "{name} withdrew a shift offer": "{name} ha ritirato un'offerta di turno",
    "{name} withdrew the offer of {shift}.": "{name} ha ritirato l'offerta del turno {shift}.",
    "Swap approved: {name} takes your shift": "Scambio approvato: {name} prende il tuo turno",
    "{name} accepted your offer of {shift}; it was approved automatically, and you take {yours}.": (
        "{name} ha accettato la tua offerta del turno {shift}; è stata approvata automaticamente, e tu prendi {yours}."
    ),
    "{name} accepted your offer of {shift}; it was approved automatically.": (
        "{name} ha accettato la tua offerta del turno {shift}; è stata approvata automaticamente."
    ),
    "{name} accepted {offerer}'s offer of {shift} in exchange for {yours}": (
        "{name} ha accettato l'offerta di {offerer} del turno {shift} in cambio di {yours}"
    ),
    "{name} accepted {offerer}'s offer of {shift}": "{name} ha accettato l'offerta di {offerer} del turno {shift}",
    "{name} accepted your offer": "{name} ha accettato la tua offerta",
    "{text}. It now waits for a team leader's approval.": "{text}. Ora attende l'approvazione di un caposervizio.",
    "A swap waits for your decision": "Uno scambio attende la tua decisione",
    "{text}.": "{text}.",
    "{name} approved the swap of {shift} from {giver} to {taker} (and of {other} the other way).": (
        "{name} ha approvato lo scambio del turno {shift} da {giver} a {taker} (e del turno {other} al contrario)."
    ),
    "{name} declined the swap of {shift} from {giver} to {taker} (and of {other} the other way).": (
        "{name} ha rifiutato lo scambio del turno {shift} da {giver} a {taker} (e del turno {other} al contrario)."
    ),
    "{name} approved the swap of {shift} from {giver} to {taker}.": (
        "{name} ha approvato lo scambio del turno {shift} da {giver} a {taker}."
    ),
    "{name} declined the swap of {shift} from {giver} to {taker}.": (
        "{name} ha rifiutato lo scambio del turno {shift} da {giver} a {taker}."
    ),
    "Swap approved": "Scambio approvato",
    "Swap declined": "Scambio rifiutato",
    "Your shiftapp account: choose your password": "Il tuo account shiftapp: scegli la password",
    (
        "Hello {name},\n\n{inviter} added you to shiftapp. Open this link to choose your password; "
        "it works once, until {until}:\n\n{link}\n\n"
        "Then sign in with your email address and that password."
    ): (
        "Ciao {name},\n\n{inviter} ti ha aggiunto a shiftapp. Apri questo link per scegliere la password; "
        "funziona una volta sola, fino al {until}:\n\n{link}\n\n"
        "Poi accedi con il tuo indirizzo email e quella password."
    ),
    # Schedule health's fix suggestions (services/ai_scheduling.py resolve_conflict)
    "{when} in {bureau}": "{when} a {bureau}",
    "Move the shift to {name}, who is available": "Sposta il turno a {name}, che è disponibile",
    "{name} has {shifts} shifts around these dates and the move adds {soft} soft conflict(s)": (
        "{name} ha {shifts} turni in queste date e lo spostamento aggiunge {soft} conflitti non vincolanti"
    ),
    "the person on it": "chi è nel turno",
    "Start the shift {hours} h later": "Inizia il turno {hours} h più tardi",
    "Start the shift {hours} h earlier": "Inizia il turno {hours} h prima",
    "The smallest time change that removes the conflict without breaking a hard rule": (
        "Il più piccolo cambio d'orario che toglie il conflitto senza violare una regola vincolante"
    ),
    "This conflict is {status}: there is nothing left to fix": (
        "Questo conflitto è {status}: non resta nulla da correggere"
    ),
    "No single change removes this conflict without breaking another rule; review it by hand": (
        "Nessuna singola modifica toglie questo conflitto senza violare un'altra regola; controllalo a mano"
    ),
    # Refusals the services raise, shown as toasts (state/base.py error_toast): time off, swaps, open shifts,
    # preferences, profile, schedule health
    "Employee not found": "Dipendente non trovato",
    "Notification not found": "Notifica non trovata",
    "Shift not found": "Turno non trovato",
    "Claim not found": "Richiesta non trovata",
    "Conflict not found": "Conflitto non trovato",
    "Swap not found": "Scambio non trovato",
    "Swap offer not found": "Offerta di scambio non trovata",
    "Colleague not found": "Collega non trovato",
    "Time-off request not found": "Richiesta di assenza non trovata",
    "Availability record not found": "Disponibilità non trovata",
    "User not found": "Utente non trovato",
    "The shift in return was not found": "Il turno in cambio non è stato trovato",
    "This shift": "Questo turno",
    "The shift in return": "Il turno in cambio",
    "requested": "in attesa",
    "declined": "rifiutato",
    "withdrawn": "ritirato",
    # Time off
    "Only team leaders, schedulers, managers and administrators can decide on time off": (
        "Solo capiservizio, pianificatori, manager e amministratori possono decidere sulle assenze"
    ),
    "end_date must be on or after start_date": "La data di fine deve essere uguale o successiva a quella di inizio",
    "A request may cover at most {days} days; split longer leave into several requests": (
        "Una richiesta può coprire al massimo {days} giorni; dividi le assenze più lunghe in più richieste"
    ),
    "start_date may be at most {days} days in the past (the earliest is {earliest})": (
        "La data di inizio può essere al massimo {days} giorni nel passato (la prima possibile è {earliest})"
    ),
    "These dates overlap your {status} {kind} request from {start} to {end}; "
    "change the dates or cancel that request first": (
        "Queste date si sovrappongono alla tua richiesta ({kind}, {status}) dal {start} al {end}; "
        "cambia le date o annulla prima quella richiesta"
    ),
    "This request was already approved; reload to see its current state": (
        "Questa richiesta è già stata approvata; ricarica per vederne lo stato attuale"
    ),
    "This request was already declined; reload to see its current state": (
        "Questa richiesta è già stata rifiutata; ricarica per vederne lo stato attuale"
    ),
    "This request was already cancelled; reload to see its current state": (
        "Questa richiesta è già stata annullata; ricarica per vederne lo stato attuale"
    ),
    "This request was already decided; reload to see its current state": (
        "Questa richiesta è già stata decisa; ricarica per vederne lo stato attuale"
    ),
    "This request was changed meanwhile; reload and try again": (
        "Questa richiesta è stata modificata nel frattempo; ricarica e riprova"
    ),
    "You can cancel only your own time off; team leaders withdraw the approved leave of their bureau": (
        "Puoi annullare solo le tue assenze; i capiservizio revocano le assenze approvate della loro redazione"
    ),
    "This request still waits for a decision; decline it instead": (
        "Questa richiesta attende ancora una decisione; rifiutala invece"
    ),
    "This leave has already started; ask your team leader to change it": (
        "Questa assenza è già iniziata; chiedi al tuo caposervizio di modificarla"
    ),
    "This leave has already ended, so it can no longer be withdrawn": (
        "Questa assenza è già finita, quindi non può più essere revocata"
    ),
    "The person who asked for this time off no longer exists": (
        "La persona che ha chiesto questa assenza non esiste più"
    ),
    "You can decide only on time off of people in the bureau you lead": (
        "Puoi decidere solo sulle assenze delle persone della redazione che guidi"
    ),
    "You can change only your own leave and availability": "Puoi modificare solo le tue assenze e disponibilità",
    # Open shifts
    "Only active staff can claim open shifts": "Solo il personale attivo può richiedere turni scoperti",
    "Only team leaders, schedulers, managers and admins can decide on shift claims": (
        "Solo capiservizio, pianificatori, manager e amministratori possono decidere sulle richieste di turno"
    ),
    "This shift is not published, so it has no open places": (
        "Questo turno non è pubblicato, quindi non ha posti scoperti"
    ),
    "This shift has already started; it can no longer be claimed": (
        "Questo turno è già iniziato; non può più essere richiesto"
    ),
    "This shift was changed meanwhile; reload the open shifts and look again": (
        "Questo turno è stato modificato nel frattempo; ricarica i turni scoperti e guarda di nuovo"
    ),
    "You have already claimed this shift": "Hai già richiesto questo turno",
    "You are already on this shift": "Sei già in questo turno",
    "You can decide only on claims for shifts of the bureau you lead": (
        "Puoi decidere solo sulle richieste per i turni della redazione che guidi"
    ),
    "This claim was already declined or withdrawn; reload to see the current list": (
        "Questa richiesta è già stata rifiutata o ritirata; ricarica per vedere l'elenco attuale"
    ),
    "This claim was already approved; reload to see the current list": (
        "Questa richiesta è già stata approvata; ricarica per vedere l'elenco attuale"
    ),
    "This claim was already declined; reload to see the current list": (
        "Questa richiesta è già stata rifiutata; ricarica per vedere l'elenco attuale"
    ),
    "This claim was already withdrawn; reload to see the current list": (
        "Questa richiesta è già stata ritirata; ricarica per vedere l'elenco attuale"
    ),
    "This claim was changed meanwhile; reload and try again": (
        "Questa richiesta è stata modificata nel frattempo; ricarica e riprova"
    ),
    "This shift has already started; decline the claim instead": (
        "Questo turno è già iniziato; rifiuta invece la richiesta"
    ),
    "You can withdraw only your own claims": "Puoi ritirare solo le tue richieste",
    "This claim was already approved, so you are on the shift; ask your team leader to take you off it": (
        "Questa richiesta è già stata approvata, quindi sei nel turno; chiedi al tuo caposervizio di toglierti"
    ),
    # Swaps
    "This offer no longer exists; reload to see the current list": (
        "Questa offerta non esiste più; ricarica per vedere l'elenco attuale"
    ),
    "This offer was changed meanwhile; reload and try again": (
        "Questa offerta è stata modificata nel frattempo; ricarica e riprova"
    ),
    "{problem}; reload to see the current list": "{problem}; ricarica per vedere l'elenco attuale",
    "This offer has not been accepted yet; there is nothing to decide": (
        "Questa offerta non è ancora stata accettata; non c'è nulla da decidere"
    ),
    "This swap is already waiting for a decision": "Questo scambio attende già una decisione",
    "This swap was already approved": "Questo scambio è già stato approvato",
    "This swap was already declined": "Questo scambio è già stato rifiutato",
    "This offer was withdrawn": "Questa offerta è stata ritirata",
    "This offer can no longer be changed": "Questa offerta non può più essere modificata",
    "You cannot accept your own offer": "Non puoi accettare la tua stessa offerta",
    "This offer was made to someone else": "Questa offerta è stata fatta a qualcun altro",
    "This offer has expired: its shift has started": "Questa offerta è scaduta: il suo turno è iniziato",
    "You can decide only on swaps of shifts in the bureau you lead": (
        "Puoi decidere solo sugli scambi di turni della redazione che guidi"
    ),
    "The colleague who accepted this swap no longer exists; decline it": (
        "Il collega che ha accettato questo scambio non esiste più; rifiutalo"
    ),
    "This swap has expired: its shift has started; decline it instead": (
        "Questo scambio è scaduto: il suo turno è iniziato; rifiutalo invece"
    ),
    "Only active staff can offer or take shifts": "Solo il personale attivo può offrire o prendere turni",
    "Only team leaders, schedulers, managers and admins can decide on swaps": (
        "Solo capiservizio, pianificatori, manager e amministratori possono decidere sugli scambi"
    ),
    "You cannot offer a shift to yourself": "Non puoi offrire un turno a te stesso",
    "The shift in return must be another shift": "Il turno in cambio deve essere un altro turno",
    "You can offer only shifts you are on": "Puoi offrire solo i turni in cui sei",
    "You are already on the shift you ask in return": "Sei già nel turno che chiedi in cambio",
    "You have already offered this shift; withdraw that offer first": (
        "Hai già offerto questo turno; ritira prima quell'offerta"
    ),
    "{name} is no longer on this shift; the offer cannot go ahead": (
        "{name} non è più in questo turno; l'offerta non può andare avanti"
    ),
    "{name} is already on this shift": "{name} è già in questo turno",
    "{name} is no longer on the shift offered in return": "{name} non è più nel turno offerto in cambio",
    "{name} is already on the shift offered in return": "{name} è già nel turno offerto in cambio",
    "{name} is not active and cannot take shifts": "{name} non è attivo e non può prendere turni",
    "{name} is not on the shift you ask in return": "{name} non è nel turno che chiedi in cambio",
    "{shift} is not published; only published shifts can be swapped": (
        "{shift} non è pubblicato; si possono scambiare solo i turni pubblicati"
    ),
    "{shift} has already started; it can no longer be swapped": "{shift} è già iniziato; non può più essere scambiato",
    # Preferences and profile
    "You can only change your own preferences": "Puoi modificare solo le tue preferenze",
    "These preferences were changed by someone else meanwhile; reload and try again": (
        "Queste preferenze sono state modificate da qualcun altro nel frattempo; ricarica e riprova"
    ),
    "{name} has not set any preferences yet": "{name} non ha ancora indicato preferenze",
    "You can only update your own details": "Puoi modificare solo i tuoi dati",
    "Full name must be at least 2 characters long": "Il nome completo deve avere almeno 2 caratteri",
    "Full name cannot be empty": "Il nome completo non può essere vuoto",
    "Phone number may be at most 40 characters": "Il numero di telefono può avere al massimo 40 caratteri",
    "Current password is required": "Serve la password attuale",
    "New password is required": "Serve la nuova password",
    "Current password is incorrect": "La password attuale non è corretta",
    "New password must be at least {count} characters long": "La nuova password deve avere almeno {count} caratteri",
    "Password must be at least {count} characters long": "La password deve avere almeno {count} caratteri",
    "Password may be at most {count} characters long": "La password può avere al massimo {count} caratteri",
    "Another employee already uses this email": "Un altro dipendente usa già questa email",
    "This employee was changed by someone else meanwhile; reload and try again": (
        "Questo dipendente è stato modificato da qualcun altro nel frattempo; ricarica e riprova"
    ),
    # Schedule health
    "Only team leaders, schedulers, managers and admins can resolve conflicts": (
        "Solo capiservizio, pianificatori, manager e amministratori possono risolvere i conflitti"
    ),
    "This conflict is already {status}: there is nothing left to fix. Reload the list.": (
        "Questo conflitto è già {status}: non resta nulla da correggere. Ricarica l'elenco."
    ),
    "This conflict no longer involves any shift": "Questo conflitto non riguarda più nessun turno",
    (
        "This fix no longer applies: the schedule changed since it was suggested, and it would now break a rule "
        "or no longer remove the conflict. Suggest fixes again and pick another."
    ): (
        "Questa correzione non vale più: i turni sono cambiati da quando è stata suggerita, e ora violerebbe una "
        "regola o non toglierebbe più il conflitto. Chiedi di nuovo le correzioni e scegline un'altra."
    ),
    # The generator's progress line, refusals and notes (services/ai_scheduling.py, services/jobs.py)
    "Best schedule so far costs {cost} (no schedule can cost less than {bound}) after {seconds} s": (
        "Il miglior piano finora costa {cost} (nessun piano può costare meno di {bound}) dopo {seconds} s"
    ),
    "Started again (run {run}) after its worker stopped": (
        "Ripartito (esecuzione {run}) dopo che il suo esecutore si è fermato"
    ),
    "Waiting for a job worker": "In attesa di un esecutore",
    "Stopping: keeping the best result found so far": "Arresto in corso: si tiene il miglior risultato trovato finora",
    "Its worker stopped: queued to run again": "Il suo esecutore si è fermato: in coda per ripartire",
    "The job failed": "Il lavoro non è riuscito",
    # Other jobs' progress lines (services/auto_assign_shifts.py, services/auto_assign_loads.py, services/jobs.py)
    "Reading the plan": "Lettura del piano",
    "Checking who may take each open place": "Verifica di chi può prendere ogni posto scoperto",
    "Optimising": "Ottimizzazione",
    "Writing proposals": "Scrittura delle proposte",
    "Placing the open orders on vehicles": "Sistemazione degli ordini aperti sui mezzi",
    "Stopped on request": "Fermato su richiesta",
    "Generation was stopped before the solver found a first schedule": (
        "La generazione è stata fermata prima che il risolutore trovasse un primo piano"
    ),
    "The solver found no schedule within the time limit; allow more time": (
        "Il risolutore non ha trovato un piano entro il tempo limite; concedi più tempo"
    ),
    "No schedule satisfies the hard rules for these dates and patterns; relax them": (
        "Nessun piano rispetta le regole vincolanti per queste date e questi schemi; allentali"
    ),
    "This bureau has no active employees to schedule": "Questa redazione non ha dipendenti attivi da pianificare",
    "The job's owner is no longer known; start it again": "Chi ha avviato il lavoro non è più noto; avvialo di nuovo",
    "Schedule has {count} conflict(s). Use skip_conflict_check: true to save anyway.": (
        "Il piano ha {count} conflitti. Usa skip_conflict_check: true per salvare comunque."
    ),
    "This shift has just been filled": "Questo turno è appena stato coperto",
    "{shifts} shifts generated by the optimisation solver ({how}); {hard} hard conflicts by the rule engine.": (
        "{shifts} turni generati dal risolutore di ottimizzazione ({how}); {hard} conflitti vincolanti "
        "secondo il motore delle regole."
    ),
    "proven optimal": "ottimo dimostrato",
    "best found within the time limit": "il migliore trovato entro il tempo limite",
    "Some shifts could not be fully staffed (cost {cost}).": (
        "Alcuni turni non hanno potuto essere coperti del tutto (costo {cost})."
    ),
    "{missed} assignment(s) fall outside confirmed preferences.": (
        "{missed} assegnazioni non rispettano le preferenze confermate."
    ),
    "A few tight turnarounds remain where cover needed them.": (
        "Restano alcuni cambi turno ravvicinati dove la copertura li richiedeva."
    ),
    "{count} employee(s) have preferences waiting for confirmation; they were not used.": (
        "{count} dipendenti hanno preferenze in attesa di conferma; non sono state usate."
    ),
    # Delivery units: the vehicle types the fleet stores (shown on the plan board, its unit lists and the load
    # rules' messages) and the refusal of a drop on the board (services/load_checks.py)
    "truck": "camion",
    "horse": "trattore stradale",
    "bakkie": "pick-up",
    "Order {order} cannot go on unit {unit}: {problem} (rule {code})": (
        "L'ordine {order} non può andare sul mezzo {unit}: {problem} (regola {code})"
    ),
    "paused": "in pausa",
    "oos": "fuori servizio",
    "That unit is not on plan {plan} (someone may have removed it)": (
        "Quel mezzo non è nel piano {plan} (qualcuno potrebbe averlo tolto)"
    ),
    "Plan {plan} is {status}: its loads can no longer change": (
        "Il piano {plan} è {status}: i suoi carichi non possono più cambiare"
    ),
    "Unassign the {count} order line(s) on {unit} before removing it": (
        "Togli le {count} righe d'ordine da {unit} prima di rimuoverlo"
    ),
    "{unit} is {status}; only active units take orders": "{unit} è {status}; solo i mezzi attivi prendono ordini",
    "plan {plan}": "piano {plan}",
    "Order {order} is already assigned ({where}); unassign it first": (
        "L'ordine {order} è già assegnato ({where}); toglilo prima"
    ),
    "The unit you dropped {order} on is no longer on this plan (someone may have removed it)": (
        "Il mezzo su cui hai trascinato {order} non è più in questo piano (qualcuno potrebbe averlo tolto)"
    ),
    (
        "Order {order} is no longer where you saw it: someone changed this plan meanwhile. "
        "The board now shows where it is; try again from there"
    ): (
        "L'ordine {order} non è più dove l'hai visto: qualcuno ha modificato questo piano nel frattempo. "
        "La bacheca ora mostra dov'è; riprova da lì"
    ),
    "Order {order} is already on {unit}": "L'ordine {order} è già su {unit}",
    "That order no longer exists": "Quell'ordine non esiste più",
    "That unit is no longer on this plan (someone may have removed it)": (
        "Quel mezzo non è più in questo piano (qualcuno potrebbe averlo tolto)"
    ),
}


ITALIAN: dict[str, str] = {
    **RULES,
    **TERMS,
    **SHELL,
    **SCHEDULE,
    **SIGN_IN,
    **DASHBOARD,
    **MY_SHIFTS,
    **INBOX,
    **PREFERENCES,
    **PROFILE,
    **OPEN_SHIFTS,
    **TIME_OFF,
    **SWAPS,
    **PLANS,
    **HEALTH,
    **EMPLOYEES,
    **TEAM,
    **GENERATE,
    **REPEAT,
    **WELCOME,
    **SERVICE_TEXT,
}
