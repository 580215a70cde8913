from swic.cli import main

raise SystemExit(main())
