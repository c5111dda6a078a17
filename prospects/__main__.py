"""`python -m prospects ...`"""

import sys

from prospects.cli import main

sys.exit(main())
