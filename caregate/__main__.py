import sys

from caregate.cli import main

sys.exit(main())
