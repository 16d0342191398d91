//! Colours. Meaning is always carried by symbols and words too; colour only helps the eye.
//! 16 and 256 colours only: truecolor is not assumed (it rarely survives SSH).

use ftzroute_plugin_api::Route;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorMode {
    /// No colour at all (also chosen by NO_COLOR).
    Never,
    /// The 16 ANSI colours.
    #[value(name = "16")]
    Ansi16,
    /// The 256-colour palette.
    #[value(name = "256")]
    Indexed256,
}

impl ColorMode {
    /// `--color` if given, else NO_COLOR (any non-empty value) turns colour off, else 256.
    pub fn resolve(flag: Option<ColorMode>) -> ColorMode {
        flag.unwrap_or_else(|| {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                ColorMode::Never
            } else {
                ColorMode::Indexed256
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColorMode,
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        Theme { mode }
    }

    fn color(&self, ansi: Color, indexed: u8) -> Option<Color> {
        match self.mode {
            ColorMode::Never => None,
            ColorMode::Ansi16 => Some(ansi),
            ColorMode::Indexed256 => Some(Color::Indexed(indexed)),
        }
    }

    fn fg(&self, ansi: Color, indexed: u8) -> Style {
        match self.color(ansi, indexed) {
            Some(color) => Style::default().fg(color),
            None => Style::default(),
        }
    }

    pub fn route(&self, route: Route) -> Style {
        match route {
            Route::CoreDataRegime => self.fg(Color::Red, 160).add_modifier(Modifier::BOLD),
            Route::ExportControl => self.fg(Color::Magenta, 133).add_modifier(Modifier::BOLD),
            Route::SecurityAssessment => self.fg(Color::Red, 203).add_modifier(Modifier::BOLD),
            Route::StandardContractOrCertification => self.fg(Color::Yellow, 178),
            Route::OtherLawfulRoute => self.fg(Color::Cyan, 38),
            Route::Exempt => self.fg(Color::Green, 71),
            Route::Undetermined => self.fg(Color::DarkGray, 244).add_modifier(Modifier::ITALIC),
        }
    }

    /// The selected cell: reverse video works without colour.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A cell changed by the last re-evaluation (also marked with `*`).
    pub fn changed(&self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, 75).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        match self.mode {
            ColorMode::Never => Style::default(),
            _ => self.fg(Color::DarkGray, 245),
        }
    }

    /// Something that passed (also marked with a symbol and words).
    pub fn ok(&self) -> Style {
        self.fg(Color::Green, 71).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red, 196).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan, 81).add_modifier(Modifier::BOLD)
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan, 75).add_modifier(Modifier::BOLD)
    }
}
