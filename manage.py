#!/usr/bin/env python
from ipharbour.cli import main

if __name__ == "__main__":
    main()
