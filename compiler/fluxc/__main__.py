from fluxc.cli import main

raise SystemExit(main())
