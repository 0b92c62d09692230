#!/usr/bin/env python
from coproduce.cli import main

if __name__ == "__main__":
    main()
