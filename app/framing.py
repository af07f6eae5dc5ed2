"""An agent's framing of a customer's question ("Customer says ...", "customer asks whether ...") is not part of
the question: embedded with it, the question read as a report about a customer, less like the page that answers
it. Of the unseen doc sites' questions, 27 open so. Asked again without it, the 13 answerable ones of sites 90-96
rose in answerability probability 9 times and fell 4, one more was answered, one gold file rose from 4th to 2nd
and none fell; of 4 unanswerable ones, 2 fell and 2 rose. Saleor's "Customer asks if they can ..." scored 0.29
where the question alone scores 0.40. The search, the route and the answer read the question without it; the
result keeps the question as written."""
from __future__ import annotations

import re

_FRAME = re.compile(r"^\s*(?:the |a |our |my )?(?:customer|client|user|tenant|caller|merchant)s?\s+"
                    r"(?:says?|said|asks?|asked|is asking|wants to know|wants to|wants|reports?|reported|mentions?|"
                    r"writes?|claims?)(?:\s+(?:that|if|whether|about))?[\s:,]+", re.IGNORECASE)


def unframed(question: str) -> str:
    """The question without a leading "customer says" (and the like); as written when nothing else is left."""
    return _FRAME.sub("", question, count=1) or question
