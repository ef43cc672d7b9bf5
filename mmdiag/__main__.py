from mmdiag.cli import main

main()
