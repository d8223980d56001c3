"""``python -m redtrace.audit PROOF.json --public-key KEY.pub``: the standalone verifier."""

import sys

from redtrace.audit.verifier import main

sys.exit(main())
