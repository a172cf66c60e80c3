"""Admission: who may drive which session. The broker checks what a
browser presents (a signed token bound to its cookie, its login, its tab)
and is the one way into a session for every transport."""
