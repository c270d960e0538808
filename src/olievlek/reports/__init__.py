"""Case reports per network per study year and the cross-case report (issue 16).

A report is generated parts (:mod:`.parts`, one small function each) plus the researcher's
written text per section (:mod:`.markup`), reviewed by the network's coordinator
(:mod:`.actions`) and written as HTML, DOCX and XLSX (:mod:`.formats`).
"""
