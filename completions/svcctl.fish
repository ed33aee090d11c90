complete --keep-order --exclusive --command svcctl --arguments "(COMPLETE=fish svcctl -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
