//! Chinese and English labels for the drill screens, the after-action report and engine messages.
//!
//! Every label is a [`Text`] key looked up with [`Lang::t`]; a missing translation is a compile
//! error, not a blank on screen. Domain words that come from the simulation (team statuses,
//! report kinds, road states) have their own lookups.

use crate::sim::command::TeamStatusKind;

/// The language of the screens and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "zh" | "zh-CN" | "cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// The label for `key`.
    pub fn t(self, key: Text) -> &'static str {
        let (zh, en) = key.pair();
        if self.is_zh() { zh } else { en }
    }

    /// A team status from the simulation.
    pub fn status(self, status: TeamStatusKind) -> &'static str {
        let (zh, en) = match status {
            TeamStatusKind::Available => ("待命", "available"),
            TeamStatusKind::Mobilising => ("集结", "mobilising"),
            TeamStatusKind::EnRoute => ("途中", "en route"),
            TeamStatusKind::Working => ("作业", "working"),
            TeamStatusKind::Resting => ("休整", "resting"),
        };
        if self.is_zh() { zh } else { en }
    }

    /// A report kind from the simulation.
    pub fn report(self, kind: &str) -> &'static str {
        let (zh, en) = match kind {
            "initial" => ("初报", "initial report"),
            "written" => ("书面初报", "written report"),
            "follow_up" => ("续报", "follow-up"),
            "verified" => ("核报", "verified report"),
            "size_up" => ("现场评估", "size-up"),
            "sitrep" => ("现场情况", "sitrep"),
            _ => ("报告", "report"),
        };
        if self.is_zh() { zh } else { en }
    }

    /// A road state.
    pub fn road(self, state: &str) -> &'static str {
        let (zh, en) = match state {
            "open" => ("畅通", "open"),
            "degraded" => ("受损", "degraded"),
            "blocked" => ("中断", "blocked"),
            _ => ("未知", "unknown"),
        };
        if self.is_zh() { zh } else { en }
    }
}

/// Every fixed label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Exercise,
    Map,
    Incidents,
    Forces,
    Inbox,
    Kpis,
    Msel,
    Help,
    Role,
    Controller,
    Paused,
    Running,
    Level,
    NoLevel,
    Clock,
    Speed,
    Incident,
    Place,
    Trapped,
    Dead,
    Missing,
    KnownSince,
    Updated,
    Closed,
    Open,
    Team,
    Status,
    Task,
    Eta,
    AsOf,
    Time,
    From,
    Message,
    Kpi,
    Value,
    Target,
    Id,
    Due,
    To,
    Expected,
    Rating,
    OrderPrompt,
    KeysHint,
    KeysHintOrder,
    NothingYet,
    NoIncidentsForSeat,
    NoForcesForSeat,
    NoMessagesForSeat,
    TriggerOnMiss,
    TriggerDeaths,
    TriggerTrapped,
    TriggerLevel,
    TriggerKnows,
    GroundTruth,
    BeliefOnly,
    RoadsUnknown,
    RoadsReported,
    Latest,
    Legend,
    BlockedRoads,
    Waiting,
    Delivered,
    Cancelled,
    Met,
    Missed,
    Pending,
    Objectives,
    Notes,
    ExerciseEnded,
    ScenarioEnded,
    TooSmall,
    Journal,
    Return,
    Rescue,
    Clear,
    AsOrdered,
    Doctrine,
    Drill,
    Timeline,
    Deadlines,
    Evaluation,
    AfterActionReport,
    Met2,
    Late,
    NotMade,
    JournalFailed,
    JournalFailedClockPaused,
    OrderRefused,
    BeyondAuthority,
    ExerciseOrderRefused,
    TornLineDropped,
    ExerciseForAnotherScenario,
    NotFaithful,
    ControllerOnly,
    NoRole,
    EvaluatorGivesNoOrders,
    NoExercise,
    NoInject,
    NoObjective,
    AlreadyDeliveredAtMinute,
    AlreadyCancelled,
    OnlyWaitingRetimed,
    UnknownTeam,
    UnknownPlace,
    UnknownRoad,
    UnknownSeat,
    OrderWord,
    FateGiven,
    FateDelivered,
    FateCarriedOut,
    FateRefused,
    FateOvertaken,
    FateRequested,
    AnswerDue,
    FateGranted,
    FateDeclined,
    TryRequest,
    RequestSentTo,
    RequestAnswered,
    InfoNeedsNoRequest,
    EnRouteTo,
    EtaAt,
    HelpScroll,
    MobilisingFor,
}

impl Text {
    fn pair(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            Exercise => ("【演练】EXERCISE", "【演练】EXERCISE"),
            Map => ("态势图", "Map"),
            Incidents => ("灾情", "Incidents"),
            Forces => ("力量", "Forces"),
            Inbox => ("收件箱", "Inbox"),
            Kpis => ("指标", "KPIs"),
            Msel => ("导调脚本", "MSEL"),
            Help => ("帮助", "Help"),
            Role => ("角色", "role"),
            Controller => ("导调", "controller"),
            Paused => ("暂停", "paused"),
            Running => ("运行", "running"),
            Level => ("响应", "level"),
            NoLevel => ("未启动", "none"),
            Clock => ("时钟", "clock"),
            Speed => ("倍速", "speed"),
            Incident => ("灾情点", "incident"),
            Place => ("地点", "place"),
            Trapped => ("被困", "trapped"),
            Dead => ("死亡", "dead"),
            Missing => ("失联", "missing"),
            KnownSince => ("获知", "known"),
            Updated => ("更新", "updated"),
            Closed => ("已结束", "closed"),
            Open => ("进行中", "open"),
            Team => ("队伍", "team"),
            Status => ("状态", "status"),
            Task => ("任务", "task"),
            Eta => ("预计", "ETA"),
            AsOf => ("截至", "as of"),
            Time => ("时间", "time"),
            From => ("来自", "from"),
            Message => ("内容", "message"),
            Kpi => ("指标", "KPI"),
            Value => ("当前", "now"),
            Target => ("目标", "target"),
            Id => ("编号", "id"),
            Due => ("时间", "due"),
            To => ("发给", "to"),
            Expected => ("预期行动", "expected action"),
            Rating => ("评定", "rating"),
            OrderPrompt => ("命令", "order"),
            KeysHint => (
                "?帮助 :命令 空格暂停 .单步 [ ]倍速 Tab切换 q退出",
                "? help  : order  space pause  . step  [ ] speed  Tab pane  q quit",
            ),
            KeysHintOrder => (
                "Tab补全 Enter下达 Esc取消 Ctrl-U清空 ↑↓历史",
                "Tab complete  Enter give  Esc cancel  Ctrl-U clear  ↑↓ history",
            ),
            NothingYet => ("暂无", "nothing yet"),
            NoIncidentsForSeat => (
                "暂无：尚无灾情上报或共享给本席位",
                "none yet: no incident has been reported or shared to this seat",
            ),
            NoForcesForSeat => (
                "暂无：本席位没有所属队伍，或所属队伍尚未报告（drillsim seats 列出各席位的队伍）",
                "none: this seat has no teams of its own, or none has reported yet (drillsim seats lists them)",
            ),
            TriggerOnMiss => ("未完成时", "on miss"),
            TriggerDeaths => ("死亡", "deaths"),
            TriggerTrapped => ("被困", "trapped"),
            TriggerLevel => ("启动响应", "level"),
            TriggerKnows => ("知悉", "knows"),
            NoMessagesForSeat => (
                "暂无消息：上报和共享给本席位的信息、命令结果和演练注入显示于此；道路状态见态势图",
                "no messages yet: reports and information shared with this seat, the fate of its orders and injects appear here; road states are on the map",
            ),
            GroundTruth => ("真实态势", "ground truth"),
            BeliefOnly => ("仅已报告信息", "reported information only"),
            RoadsUnknown => ("道路状态未报告", "road states not reported"),
            RoadsReported => ("已报告道路", "roads reported"),
            Latest => ("最新", "latest"),
            BlockedRoads => ("中断", "blocked"),
            Legend => (
                "◆县城 ■镇 ·村 X灾情 ▲队伍 #中断 ~受损",
                "◆ seat ■ town · village X incident ▲ team # blocked ~ degraded",
            ),
            Waiting => ("待发", "wait"),
            Delivered => ("已发", "sent"),
            Cancelled => ("取消", "void"),
            Met => ("已完成", "met"),
            Missed => ("超时", "missed"),
            Pending => ("待完成", "pending"),
            Objectives => ("评估目标", "Objectives"),
            Notes => ("观察记录", "Notes"),
            ExerciseEnded => (
                "演练时间已到，时钟暂停",
                "exercise time reached; clock paused",
            ),
            ScenarioEnded => ("想定已结束", "scenario ended"),
            TooSmall => ("终端太小：至少 80×24", "terminal too small: at least 80×24"),
            Journal => ("记录", "journal"),
            Return => ("返回", "return"),
            Rescue => ("救援", "rescue"),
            Clear => ("抢通", "clear"),
            AsOrdered => ("已下令", "ordered"),
            Doctrine => ("预案推演", "plan doctrine"),
            Drill => ("本次演练", "this drill"),
            Timeline => ("时间线", "Timeline"),
            Deadlines => ("预案时限", "Plan deadlines"),
            Evaluation => ("评估", "Evaluation"),
            AfterActionReport => ("演练总结报告", "After-action report"),
            Met2 => ("按时", "on time"),
            Late => ("迟报", "late"),
            NotMade => ("未报", "not made"),
            JournalFailed => (
                "记录写入失败，该输入未生效",
                "the journal could not be written, so this input did not take effect",
            ),
            JournalFailedClockPaused => (
                "记录写入失败，时钟已暂停",
                "the journal could not be written; the clock is paused",
            ),
            OrderRefused => ("命令被拒绝", "order refused"),
            BeyondAuthority => ("超出本席位权限", "beyond this seat's authority"),
            ExerciseOrderRefused => ("演练脚本命令被拒绝", "exercise order refused"),
            TornLineDropped => (
                "记录最后一行未写完（程序在写入时中断），已舍弃；该输入从未生效",
                "the journal's last line was cut short (the program stopped while writing it) and was dropped; that input never took effect",
            ),
            ExerciseForAnotherScenario => (
                "注意：本演练脚本是为 {named} 编写的，本次推演运行的是 {given}：注入和预期行动可能与态势不符",
                "note: this exercise is written for {named}, but the drill runs {given}: its injects and expected actions may not fit what happens",
            ),
            NotFaithful => (
                "非忠实重演：记录与当前想定、脚本或程序不一致，结果可能与原演练不同",
                "not a faithful replay: the journal does not match this scenario, exercise or drillsim, so results may differ from the drill",
            ),
            ControllerOnly => ("仅限导调人员", "controller only"),
            NoRole => ("没有角色", "no role"),
            EvaluatorGivesNoOrders => (
                "评估人员只评分和记录（:rate、:note），不下令、不注入",
                "an evaluator rates and notes (:rate, :note); it gives no orders or injects",
            ),
            NoExercise => ("未加载演练脚本", "no exercise loaded"),
            NoInject => ("没有注入", "no inject"),
            NoObjective => ("没有评估目标", "no objective"),
            AlreadyDeliveredAtMinute => ("已送达，送达于第几分钟：", "already delivered at minute"),
            AlreadyCancelled => ("此前已取消", "already cancelled"),
            OnlyWaitingRetimed => (
                "只能调整尚未送达的注入",
                "only a waiting inject can be re-timed",
            ),
            UnknownTeam => ("未知队伍", "unknown team"),
            UnknownPlace => ("未知地点", "unknown place"),
            UnknownRoad => ("未知道路", "unknown road"),
            UnknownSeat => ("未知席位", "unknown seat"),
            OrderWord => ("命令", "order"),
            FateGiven => ("已下达", "given"),
            FateDelivered => ("已送达队伍", "delivered to the team"),
            FateCarriedOut => ("已执行", "carried out"),
            FateRefused => ("被拒绝", "refused"),
            FateOvertaken => ("已被新命令取代", "overtaken by a later order"),
            FateRequested => ("请求已发往", "request sent to"),
            AnswerDue => ("预计答复", "answer expected"),
            FateGranted => ("已获批准，由其下达：", "granted: given in the name of"),
            FateDeclined => ("未获批准：", "refused by"),
            TryRequest => ("可改用", "ask instead with"),
            RequestSentTo => ("请求已发出", "request sent"),
            RequestAnswered => ("请求答复", "request answered"),
            InfoNeedsNoRequest => (
                "信息类命令（share、sizeup、sitrep）各席位均可直接下达，无需请求",
                "information (share, sizeup, sitrep) is every seat's to send: no request needed",
            ),
            EnRouteTo => ("途中→", "en route to "),
            EtaAt => ("预计", "ETA"),
            MobilisingFor => ("集结→", "mobilising for "),
            HelpScroll => ("↑↓滚动", "↑↓ scroll"),
        }
    }
}

/// The help overlay's lines: (keys, what they do).
pub fn help_lines(lang: Lang, controller: bool) -> Vec<(&'static str, &'static str)> {
    let zh = lang.is_zh();
    let mut lines = vec![
        (
            "?",
            if zh {
                "显示/关闭帮助"
            } else {
                "show / hide this help"
            },
        ),
        (
            ": / Enter",
            if zh {
                "进入命令行"
            } else {
                "open the order line"
            },
        ),
        (
            "Tab",
            if zh {
                "命令行：补全；否则切换面板"
            } else {
                "order line: complete; else next pane"
            },
        ),
        (
            // The number keys go as far as this role has panes (the controller has one more).
            if controller {
                "1–6 / ←→"
            } else {
                "1–5 / ←→"
            },
            if zh { "切换面板" } else { "switch pane" },
        ),
        ("↑↓ PgUp PgDn", if zh { "选择行" } else { "select a row" }),
        (
            "Esc / Ctrl-U",
            if zh {
                "命令行：放弃 / 清空草稿"
            } else {
                "order line: abandon / clear the draft"
            },
        ),
        (
            if zh { "Enter (队伍)" } else { "Enter (team)" },
            if zh {
                "以所选队伍起草调派命令"
            } else {
                "draft a dispatch for the selected team"
            },
        ),
        (
            "space",
            if zh {
                "暂停/继续"
            } else {
                "pause / resume"
            },
        ),
        (
            ".",
            if zh {
                "暂停时单步一分钟"
            } else {
                "single step (when paused)"
            },
        ),
        (
            "[ ]",
            if zh {
                "倍速 1×/10×/60×/600×"
            } else {
                "speed 1× / 10× / 60× / 600×"
            },
        ),
        (
            "q / Ctrl-C",
            if zh {
                "退出（记录已保存）"
            } else {
                "quit (the journal is saved)"
            },
        ),
        ("", ""),
    ];
    lines.extend(crate::sim::order::FORMS.iter().map(|form| {
        (
            form.help_syntax,
            if zh { form.help_zh } else { form.help_en },
        )
    }));
    lines.push((
        "request ORDER",
        if zh {
            "请求上级席位下达超出本席位权限的命令（答复进收件箱）"
        } else {
            "ask the seat holding an order beyond yours to give it (answer in the inbox)"
        },
    ));
    if controller {
        lines.extend([
            (
                "inject ROLE TEXT",
                if zh {
                    "临时注入信息"
                } else {
                    "ad-hoc inject"
                },
            ),
            (
                "retime ID 45m",
                if zh {
                    "调整注入时间"
                } else {
                    "re-time an inject"
                },
            ),
            (
                "cancel ID",
                if zh {
                    "取消注入"
                } else {
                    "cancel an inject"
                },
            ),
            (
                "rate OBJ P|S|M|U NOTE",
                if zh {
                    "评估评定"
                } else {
                    "rate an objective"
                },
            ),
            (
                "note TEXT",
                if zh {
                    "观察记录"
                } else {
                    "record an observation"
                },
            ),
        ]);
    }
    lines
}
