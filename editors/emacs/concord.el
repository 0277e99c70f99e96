;;; concord.el --- concord with Eglot  -*- lexical-binding: t; -*-
;; Add to your init file (Emacs 29+ includes Eglot).
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((markdown-mode gfm-mode html-mode mhtml-mode text-mode) . ("concord" "lsp"))))
(dolist (hook '(markdown-mode-hook gfm-mode-hook html-mode-hook mhtml-mode-hook text-mode-hook))
  (add-hook hook #'eglot-ensure))
;;; concord.el ends here
