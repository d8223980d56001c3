from redtrace.cli import main

main()
