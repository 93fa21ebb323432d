;; The kiosk's input method (madoguchi-kiosk@.service: uim-fep with Anthy), read through
;; LIBUIM_USER_SCM_FILE in place of a user's ~/.uim.
;;
;; Ctrl+\ turns kana-kanji input on and off: a console terminal does not pass the
;; 半角/全角 key on, and Shift+Space arrives as a plain space. Conversion is Anthy's
;; (Space converts, Enter commits, Esc cancels). HOME is a read-only directory, so
;; Anthy keeps no history of what was typed (the names of residents).
(define-key generic-on-key? '("<Control>\\" "zenkaku-hankaku"))
(define-key generic-off-key? '("<Control>\\" "zenkaku-hankaku"))
(define-key anthy-on-key? '("<Control>\\" "zenkaku-hankaku"))
(define-key anthy-off-key? '("<Control>\\" "zenkaku-hankaku"))
